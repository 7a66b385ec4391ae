using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>
/// Finds text lines with the PP-OCRv4 detector: the image shrunk so its longest side is at most
/// <see cref="MaxSide"/> (never enlarged), each side rounded to a multiple of 32, normalised with the ImageNet mean and
/// deviation in the BGR channel order the model was trained with; the probability map read by <see cref="TextBoxFinder"/>,
/// its regions scaled back to the image.
/// </summary>
public static class TextDetector
{
    /// <summary>The longest side the detector sees (PaddleOCR's default).</summary>
    public const int MaxSide = 960;

    // (v / 255 − mean) / deviation per channel, B, G, R, with ImageNet's mean and deviation as PaddleOCR applies them.
    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Deviation = [0.229f, 0.224f, 0.225f];
    private static readonly float[] Scale = [.. Deviation.Select(d => 1 / (255 * d))];
    private static readonly float[] Offset = [.. Mean.Zip(Deviation, (m, d) => -m / d)];

    /// <summary>The text regions of <paramref name="image"/>, in the coordinates of the upright image (its EXIF orientation applied).</summary>
    public static List<ScoredQuad> Detect(InferenceSession session, Image<Rgba32> image, bool hasAlpha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (input, uprightWidth, uprightHeight) = Input(image, hasAlpha);
        using var results = session.Run(input, cancellationToken);
        var map = (DenseTensor<float>)results[0].AsTensor<float>();
        var (mapHeight, mapWidth) = (map.Dimensions[2], map.Dimensions[3]);
        var regions = TextBoxFinder.Find(map.Buffer.Span, mapWidth, mapHeight);
        var (sx, sy) = ((float)uprightWidth / mapWidth, (float)uprightHeight / mapHeight);
        return [.. regions.Select(r => r with { Quad = r.Quad.Scale(sx, sy) })];
    }

    /// <summary>The detector's input for <paramref name="image"/> as it is shown, and that upright size.</summary>
    public static (DenseTensor<float> Input, int UprightWidth, int UprightHeight) Input(Image<Rgba32> image, bool hasAlpha)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (uprightWidth, uprightHeight) = PixelBuffer.OrientationOf(image) >= 5 ? (image.Height, image.Width) : (image.Width, image.Height);
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(32, (int)Math.Round(uprightWidth * scale / 32) * 32);
        var height = Math.Max(32, (int)Math.Round(uprightHeight * scale / 32) * 32);
        return (BgrPlanes.Of(image, hasAlpha, width, height, Scale, Offset), uprightWidth, uprightHeight);
    }
}
