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
    /// applied): the frame is shrunk first, and only the small copy turned.
    /// </summary>
    public static List<ScoredQuad> Detect(InferenceSession session, Image<Rgba32> image, bool hasAlpha, int orientation = 1)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(image);
        var turned = orientation >= 5;
        var (uprightWidth, uprightHeight) = turned ? (image.Height, image.Width) : (image.Width, image.Height);
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(32, (int)Math.Round(uprightWidth * scale / 32) * 32);
        var height = Math.Max(32, (int)Math.Round(uprightHeight * scale / 32) * 32);
        using var resized = image.Clone(c => c.Resize(turned ? height : width, turned ? width : height));
        var pixels = new PixelBuffer(resized, hasAlpha, orientation);

        var input = new DenseTensor<float>([1, 3, height, width]);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixels.At(x, y);
                input[0, 0, y, x] = ((b / 255f) - Mean[0]) / Deviation[0];
                input[0, 1, y, x] = ((g / 255f) - Mean[1]) / Deviation[1];
                input[0, 2, y, x] = ((r / 255f) - Mean[2]) / Deviation[2];
            }
        }

        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        var map = results[0].AsTensor<float>();
        var (mapHeight, mapWidth) = (map.Dimensions[2], map.Dimensions[3]);
        var regions = TextBoxFinder.Find(((DenseTensor<float>)map).Buffer.Span, mapWidth, mapHeight);
        var (sx, sy) = ((float)uprightWidth / mapWidth, (float)uprightHeight / mapHeight);
        return [.. regions.Select(r => r with { Quad = r.Quad.Scale(sx, sy) })];
    }
}
