using ImgProcess.Grains.Processors.Results;
using ImgProcess.Grains.Vision.Ocr;
using ImgProcess.Grains.Vision;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// The text in the picture (OCR), with PaddleOCR's PP-OCRv4 models on ONNX Runtime (see docs/vision.md for why these and
/// not Tesseract): deferred, since a page takes a good part of a second on one core. The lines' boxes are in the
/// upright image (EXIF orientation applied); the text goes to the text search index.
/// </summary>
public sealed class TextProcessor(OcrModels models) : IImageProcessor
{
    /// <summary>The display name.</summary>
    public const string DisplayName = "Text";

    /// <inheritdoc />
    public string Name => DisplayName;

    /// <inheritdoc />
    public string Description => "The text in the image (OCR, PP-OCRv4): all of it, and each line with its confidence and box [x, y, w, h] in the upright image.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.FullImage;

    /// <inheritdoc />
    public ProcessorRuns Runs => ProcessorRuns.Deferred;

    /// <inheritdoc />
    public string? Unavailable => models.Missing;

    /// <inheritdoc />
    public async ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);

        // Off the grain's turn: a page is hundreds of milliseconds of model time.
        var lines = await Task.Run(() => ReadUpright(input, cancellationToken), cancellationToken);
        var text = string.Join('\n', lines.Select(l => l.Text));
        return new ProcessorResult(new RecognizedText(text, [.. lines]))
        {
            SearchText = text,
        };
    }

    private List<TextLine> ReadUpright(ImageInput input, CancellationToken cancellationToken)
    {
        var full = input.FullImage;
        var (width, height) = PixelBuffer.OrientationOf(full) >= 5 ? (full.Height, full.Width) : (full.Width, full.Height);
        return [.. PageReader.Read(models, full, input.Header.HasAlpha, cancellationToken)
            .Select(l => new TextLine(l.Text, Math.Round(l.Confidence, 3), l.Quad.Bounds(width, height)))];
    }
}
