using System.Numerics;
using ImgProcess.Grains.Imaging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// Per-channel histograms of R, G, B and luminance (Rec. 601 luma, 0.299 R + 0.587 G + 0.114 B) over every pixel
/// of the full frame, in equal-width bins. Exact counts, so it reads the full frame, not the analysis copy.
/// </summary>
public sealed class HistogramProcessor : IImageProcessor
{
    // R, G, B and luminance counters side by side in one table.
    private const int Channels = 4;

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
        var totals = new long[Channels * 256];
        input.FullImage.ProcessPixelRows(rows => Count(rows, totals, cancellationToken));
        return ValueTask.FromResult<object?>(new Histogram(
            bins,
            (long)input.FullImage.Width * input.FullImage.Height,
            Fold(totals.AsSpan(0, 256)),
            Fold(totals.AsSpan(256, 256)),
            Fold(totals.AsSpan(512, 256)),
            Fold(totals.AsSpan(768, 256))));
    }

    // Two tables, for even and odd pixels: in flat areas consecutive pixels hit the same counters, and one table would
    // make each increment wait for the previous one. Counted in 32 bits and added to the 64-bit totals in chunks.
    private static void Count(PixelAccessor<Rgba32> rows, long[] totals, CancellationToken cancellationToken)
    {
        const int FlushEvery = 1 << 30;
        var even = new int[Channels * 256];
        var odd = new int[Channels * 256];
        var pending = 0L;
        for (var y = 0; y < rows.Height; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = rows.GetRowSpan(y);
            var x = 0;
            for (; x + 1 < row.Length; x += 2)
            {
                var a = row[x];
                var b = row[x + 1];
                even[a.R]++;
                odd[b.R]++;
                even[256 + a.G]++;
                odd[256 + b.G]++;
                even[512 + a.B]++;
                odd[512 + b.B]++;
                even[768 + Luma.Of(a)]++;
                odd[768 + Luma.Of(b)]++;
            }

            if (x < row.Length)
            {
                var a = row[x];
                even[a.R]++;
                even[256 + a.G]++;
                even[512 + a.B]++;
                even[768 + Luma.Of(a)]++;
            }

            pending += row.Length;
            if (pending >= FlushEvery || y == rows.Height - 1)
            {
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] += even[i] + (long)odd[i];
                }

                Array.Clear(even);
                Array.Clear(odd);
                pending = 0;
            }
        }
    }


    private long[] Fold(ReadOnlySpan<long> counts)
    {
        var folded = new long[bins];
        for (var value = 0; value < 256; value++)
        {
            folded[value >> shift] += counts[value];
        }

        return folded;
    }
}
