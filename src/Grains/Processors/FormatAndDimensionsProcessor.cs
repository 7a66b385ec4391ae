namespace ImgProcess.Grains.Processors;

/// <summary>What the file header says: format, media type, size, frames, depth, alpha. Decodes no pixels.</summary>
public sealed class FormatAndDimensionsProcessor : IImageProcessor
{
    /// <inheritdoc />
    public string Name => "Format and Dimensions";

    /// <inheritdoc />
    public string Description => "Format, MIME type, width, height, frame count, bits per pixel and whether the file has an alpha channel, read from the header.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.Header;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var header = input.Header;
        return ValueTask.FromResult<object?>(new FormatAndDimensions(
            header.Format.Name,
            header.Format.MimeType,
            header.Width,
            header.Height,
            header.FrameCount,
            header.BitsPerPixel,
            header.HasAlpha));
    }
}
