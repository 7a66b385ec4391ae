using System.Numerics;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// Per-channel histograms of R, G, B and luminance (Rec. 601 luma, 0.299 R + 0.587 G + 0.114 B) over every pixel
/// of the full frame, in equal-width bins. Exact counts, so it reads the full frame, not the analysis copy.
/// </summary>
public sealed class HistogramProcessor : IImageProcessor
{
    private readonly int bins;
    private readonly int shift;

    /// <summary>Creates the processor with the configured bin count.</summary>
    public HistogramProcessor(IOptions<HistogramOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bins = options.Value.Bins;
        if (!BitOperations.IsPow2(bins) || bins > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(options), bins, "Histogram bins must be a power of two from 1 to 256.");
        }

        shift = 8 - BitOperations.Log2((uint)bins);
    }

    /// <inheritdoc />
    public string Name => "Histogram";

    /// <inheritdoc />
    public string Description => "Pixel counts per equal-width bin for R, G, B and luminance (Rec. 601) over the full frame.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.FullImage;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Counted at full 256 resolution, folded into bins at the end: the inner loop stays branch-free.
        var red = new long[256];
        var green = new long[256];
        var blue = new long[256];
        var luminance = new long[256];
        input.FullImage.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ref readonly var p in rows.GetRowSpan(y))
                {
                    red[p.R]++;
                    green[p.G]++;
                    blue[p.B]++;
                    luminance[Luma(p)]++;
                }
            }
        });

        return ValueTask.FromResult<object?>(new Histogram(bins, (long)input.FullImage.Width * input.FullImage.Height, Fold(red), Fold(green), Fold(blue), Fold(luminance)));
    }

    /// <summary>Rec. 601 luma in 0..255, rounded, in integer arithmetic.</summary>
    public static int Luma(Rgba32 p) => ((299 * p.R) + (587 * p.G) + (114 * p.B) + 500) / 1000;

    private long[] Fold(long[] counts)
    {
        var folded = new long[bins];
        for (var value = 0; value < 256; value++)
        {
            folded[value >> shift] += counts[value];
        }

        return folded;
    }
}

/// <summary>The result of <see cref="HistogramProcessor"/>: bin <c>i</c> covers values <c>i*256/bins</c> to <c>(i+1)*256/bins - 1</c>.</summary>
public sealed record Histogram(int Bins, long PixelCount, long[] Red, long[] Green, long[] Blue, long[] Luminance);
