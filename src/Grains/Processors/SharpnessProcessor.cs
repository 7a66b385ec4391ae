using SixLabors.ImageSharp.PixelFormats;

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
    public string Version => "1";

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

        var luma = new int[width * height];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    luma[(y * width) + x] = HistogramProcessor.Luma(row[x]);
                }
            }
        });

        double sum = 0, sumSquares = 0;
        for (var y = 1; y < height - 1; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var x = 1; x < width - 1; x++)
            {
                var i = (y * width) + x;
                double laplacian = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - (4 * luma[i]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }

        var n = (double)(width - 2) * (height - 2);
        var mean = sum / n;
        var variance = Math.Max(0, (sumSquares / n) - (mean * mean));
        return ValueTask.FromResult<object?>(new Sharpness(Math.Round(variance, 3), variance < BlurryBelow));
    }
}

/// <summary>The result of <see cref="SharpnessProcessor"/>.</summary>
public sealed record Sharpness(double LaplacianVariance, bool Blurry);
