using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// The mean of all channel values over all pixels, on the 0–255 scale: R, G and B, plus A when the file
/// stores an alpha channel (as the Flask service's numpy mean did).
/// </summary>
public sealed class AveragePixelProcessor : IImageProcessor
{
    /// <inheritdoc />
    public string Name => "Average Pixel Value";

    /// <inheritdoc />
    public string Description => "Mean of all channel values over all pixels (0-255); alpha counts only when the file has an alpha channel.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.FullImage;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var includeAlpha = input.Header.HasAlpha;
        long sum = 0;
        input.FullImage.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ref readonly var pixel in rows.GetRowSpan(y))
                {
                    sum += pixel.R + pixel.G + pixel.B + (includeAlpha ? pixel.A : 0);
                }
            }
        });

        var channels = includeAlpha ? 4 : 3;
        var count = (double)input.FullImage.Width * input.FullImage.Height * channels;
        return ValueTask.FromResult<object?>(sum / count);
    }
}
