using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>
/// Reads the text of an upright image: lines found by <see cref="TextDetector"/>, each read by <see cref="LineRecognizer"/>,
/// those the recogniser is unsure of (below <see cref="MinConfidence"/>) dropped, the rest in reading order: top to
/// bottom, lines whose tops are within half a line of each other left to right.
/// </summary>
public static class PageReader
{
    /// <summary>Lines read with less confidence are dropped (PaddleOCR's 0.5).</summary>
    public const float MinConfidence = 0.5f;

    /// <summary>The lines of <paramref name="image"/> shown upright (its EXIF orientation applied), in reading order.</summary>
    public static List<ReadLine> Read(OcrModels models, Image<Rgba32> image, bool hasAlpha, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        var orientation = PixelBuffer.OrientationOf(image);
        var regions = TextDetector.Detect(models.Detection.Session, image, hasAlpha, cancellationToken);
        var pixels = new PixelBuffer(image, hasAlpha, orientation);
        var lines = new List<ReadLine>();
        foreach (var region in regions)
        {
            var (text, confidence) = LineRecognizer.Read(models.Recognition.Session, pixels, region.Quad, models.Alphabet, cancellationToken);
            text = text.Trim();
            if (text.Length > 0 && confidence >= MinConfidence)
            {
                lines.Add(new ReadLine(text, confidence, region.Quad));
            }
        }

        return InReadingOrder(lines);
    }

    /// <summary>Top to bottom; lines whose tops are within half a line's height of each other, left to right.</summary>
    public static List<ReadLine> InReadingOrder(IEnumerable<ReadLine> lines)
    {
        var byTop = lines.OrderBy(l => Top(l.Quad)).ThenBy(l => Left(l.Quad)).ToList();
        for (var i = 1; i < byTop.Count; i++)
        {
            for (var j = i; j > 0; j--)
            {
                var (above, below) = (byTop[j - 1], byTop[j]);
                var sameRow = Math.Abs(Top(below.Quad) - Top(above.Quad)) < Math.Min(above.Quad.Height, below.Quad.Height) / 2;
                if (!sameRow || Left(below.Quad) >= Left(above.Quad))
                {
                    break;
                }

                (byTop[j - 1], byTop[j]) = (below, above);
            }
        }

        return byTop;
    }

    private static float Top(Quad q) => Math.Min(q.TopLeft.Y, q.TopRight.Y);

    private static float Left(Quad q) => Math.Min(q.TopLeft.X, q.BottomLeft.X);
}
