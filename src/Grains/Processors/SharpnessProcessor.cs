using System.Buffers;
using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// Blur score: the variance of the 4-neighbour Laplacian of luminance over the interior of the analysis copy
/// (longest side AnalysisMaxSide, so scores compare across image sizes). 0 is perfectly flat; higher is sharper.
/// </summary>
public sealed class SharpnessProcessor : IImageProcessor
{
    /// <summary>Below this variance an image is reported as blurry (a common rule of thumb for the Laplacian variance).</summary>
    public const double BlurryBelow = 100;

    /// <inheritdoc />
    public string Name => "Sharpness";

    /// <inheritdoc />
    public string Description => "Variance of the Laplacian of luminance on the analysis copy: 0 = flat, < 100 usually blurry, higher = sharper.";

    /// <inheritdoc />
    public string Version => "2"; // 2: from the area-averaged analysis copy (AreaDownscale)

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.AnalysisImage;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var image = input.AnalysisImage;
        var (width, height) = (image.Width, image.Height);
        if (width < 3 || height < 3)
        {
            return ValueTask.FromResult<object?>(new Sharpness(0, true));
        }

        var luma = ArrayPool<int>.Shared.Rent(width * height);
        try
        {
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    var target = luma.AsSpan(y * width, width);
                    for (var x = 0; x < row.Length; x++)
                    {
                        target[x] = Luma.Of(row[x]);
                    }
                }
            });

            var (sum, sumSquares) = LaplacianSums(luma, width, height, cancellationToken);
            return ValueTask.FromResult<object?>(Score(sum, sumSquares, width, height));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(luma);
        }
    }

    // Integer sums are exact (|Laplacian| <= 1020, so the squares stay far below 2^63 for any allowed image size).
    private static (long Sum, long SumSquares) LaplacianSums(int[] luma, int width, int height, CancellationToken cancellationToken)
    {
        long sum = 0, sumSquares = 0;
        for (var y = 1; y < height - 1; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var above = luma.AsSpan((y - 1) * width, width);
            var row = luma.AsSpan(y * width, width);
            var below = luma.AsSpan((y + 1) * width, width);
            for (var x = 1; x < width - 1; x++)
            {
                var laplacian = row[x - 1] + row[x + 1] + above[x] + below[x] - (4 * row[x]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }

        return (sum, sumSquares);
    }

    private static Sharpness Score(long sum, long sumSquares, int width, int height)
    {
        var n = (double)(width - 2) * (height - 2);
        var mean = sum / n;
        var variance = Math.Max(0, (sumSquares / n) - (mean * mean));
        return new Sharpness(Math.Round(variance, 3), variance < BlurryBelow);
    }
}
