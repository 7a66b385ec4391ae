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

    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Deviation = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// The text regions of <paramref name="image"/>, in the coordinates of the upright image (<paramref name="orientation"/>
    /// applied).
    /// </summary>
    public static List<ScoredQuad> Detect(InferenceSession session, Image<Rgba32> image, bool hasAlpha, int orientation = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (input, uprightWidth, uprightHeight) = Input(image, hasAlpha, orientation);
        using var results = session.Run(input, cancellationToken);
        var map = (DenseTensor<float>)results[0].AsTensor<float>();
        var (mapHeight, mapWidth) = (map.Dimensions[2], map.Dimensions[3]);
        var regions = TextBoxFinder.Find(map.Buffer.Span, mapWidth, mapHeight);
        var (sx, sy) = ((float)uprightWidth / mapWidth, (float)uprightHeight / mapHeight);
        return [.. regions.Select(r => r with { Quad = r.Quad.Scale(sx, sy) })];
    }

    /// <summary>The detector's input for <paramref name="image"/>, and the upright size: the frame is shrunk first, and only the small copy turned.</summary>
    public static (DenseTensor<float> Input, int UprightWidth, int UprightHeight) Input(Image<Rgba32> image, bool hasAlpha, int orientation = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        orientation = orientation is >= 1 and <= 8 ? orientation : 1;
        var turned = orientation >= 5;
        var (uprightWidth, uprightHeight) = turned ? (image.Height, image.Width) : (image.Width, image.Height);
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(32, (int)Math.Round(uprightWidth * scale / 32) * 32);
        var height = Math.Max(32, (int)Math.Round(uprightHeight * scale / 32) * 32);
        // Bilinear, as PaddleOCR resizes (OpenCV's default).
        using var resized = image.Clone(c => c.Resize(turned ? height : width, turned ? width : height, KnownResamplers.Triangle));
        if (orientation > 1)
        {
            resized.Mutate(c => c.AutoOrient());
        }

        var input = new DenseTensor<float>([1, 3, height, width]);
        var planes = input.Buffer;
        resized.ProcessPixelRows(rows =>
        {
            var span = planes.Span;
            var plane = width * height;
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var (r, g, b) = PixelBuffer.Shade(row[x], !hasAlpha);
                    var at = (y * width) + x;
                    span[at] = ((b / 255f) - Mean[0]) / Deviation[0];
                    span[plane + at] = ((g / 255f) - Mean[1]) / Deviation[1];
                    span[(2 * plane) + at] = ((r / 255f) - Mean[2]) / Deviation[2];
                }
            }
        });

        return (input, uprightWidth, uprightHeight);
    }
}
