using System.Globalization;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// The image's main colours with their share of the (opaque) pixels. Pixels of the analysis copy are counted in
/// 4096 buckets (4 bits per channel, keeping each bucket's mean colour); buckets are then merged, largest first,
/// into clusters whose mean colours lie further apart than <see cref="DominantColoursOptions.MergeDistance"/>.
/// </summary>
public sealed class DominantColoursProcessor(IOptions<DominantColoursOptions> options) : IImageProcessor
{
    private const int Buckets = 4096;

    /// <inheritdoc />
    public string Name => "Dominant Colours";

    /// <inheritdoc />
    public string Description => "The top colours as hex with their share of the opaque pixels (0-1), largest first, from the analysis copy.";

    /// <inheritdoc />
    public string Version => "2"; // 2: from the area-averaged analysis copy (AreaDownscale)

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.AnalysisImage;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var count = new long[Buckets];
        var sums = new long[Buckets * 3];
        long opaque = 0;
        input.AnalysisImage.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ref readonly var p in rows.GetRowSpan(y))
                {
                    if (p.A < 128)
                    {
                        continue;
                    }

                    var bucket = ((p.R >> 4) << 8) | ((p.G >> 4) << 4) | (p.B >> 4);
                    count[bucket]++;
                    sums[bucket * 3] += p.R;
                    sums[(bucket * 3) + 1] += p.G;
                    sums[(bucket * 3) + 2] += p.B;
                    opaque++;
                }
            }
        });

        var clusters = Cluster(count, sums);
        var top = clusters
            .OrderByDescending(c => c.Count)
            .Take(options.Value.Count)
            .Select(c => new DominantColour(c.Hex, opaque == 0 ? 0 : Math.Round((double)c.Count / opaque, 4)))
            .ToList();
        return ValueTask.FromResult<object?>(new DominantColours(top));
    }

    private List<ColourCluster> Cluster(long[] count, long[] sums)
    {
        var clusters = new List<ColourCluster>();
        var limit = options.Value.MergeDistance * options.Value.MergeDistance;
        foreach (var bucket in Enumerable.Range(0, Buckets).Where(b => count[b] > 0).OrderByDescending(b => count[b]))
        {
            var n = count[bucket];
            var (r, g, b) = ((double)sums[bucket * 3] / n, (double)sums[(bucket * 3) + 1] / n, (double)sums[(bucket * 3) + 2] / n);
            var nearest = Nearest(clusters, r, g, b, out var distanceSquared);
            if (nearest is not null && distanceSquared <= limit)
            {
                nearest.Add(r, g, b, n);
            }
            else
            {
                clusters.Add(new ColourCluster(r, g, b, n));
            }
        }

        return clusters;
    }

    // The first of the closest clusters (a plain loop: this runs once per occupied bucket against every cluster so far).
    private static ColourCluster? Nearest(List<ColourCluster> clusters, double r, double g, double b, out double distanceSquared)
    {
        ColourCluster? nearest = null;
        distanceSquared = double.MaxValue;
        foreach (var cluster in clusters)
        {
            var d = cluster.DistanceSquared(r, g, b);
            if (d < distanceSquared)
            {
                (nearest, distanceSquared) = (cluster, d);
            }
        }

        return nearest;
    }

    private sealed class ColourCluster(double r, double g, double b, long count)
    {
        private double r = r, g = g, b = b;

        public long Count { get; private set; } = count;

        public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{Channel(r):x2}{Channel(g):x2}{Channel(b):x2}");

        public double DistanceSquared(double red, double green, double blue) =>
            ((r - red) * (r - red)) + ((g - green) * (g - green)) + ((b - blue) * (b - blue));

        public void Add(double red, double green, double blue, long n)
        {
            var total = Count + n;
            r = ((r * Count) + (red * n)) / total;
            g = ((g * Count) + (green * n)) / total;
            b = ((b * Count) + (blue * n)) / total;
            Count = total;
        }

        private static int Channel(double value) => (int)Math.Clamp(Math.Round(value), 0, 255);
    }
}
