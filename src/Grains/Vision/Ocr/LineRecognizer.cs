using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>
/// Reads one text line with the PP-OCRv4 recogniser: the line's quad cut out along its slant and scaled to
/// <see cref="LineHeight"/> pixels high in one bilinear pass (several samples a pixel when shrinking), normalised to
/// [−1, 1] in BGR order, padded to at least <see cref="MinWidth"/> wide; the output decoded by <see cref="CtcDecoder"/>.
/// A quad much taller than wide is a vertical line: it is turned a quarter counter-clockwise first, as PaddleOCR does.
/// </summary>
public static class LineRecognizer
{
    /// <summary>The recogniser's input height.</summary>
    public const int LineHeight = 48;

    /// <summary>The narrowest input (PaddleOCR's 320: shorter lines are padded).</summary>
    public const int MinWidth = 320;

    /// <summary>The widest input, so one line cannot take unbounded memory.</summary>
    public const int MaxWidth = 3200;

    /// <summary>The text of the line in <paramref name="quad"/> and its confidence.</summary>
    public static (string Text, float Confidence) Read(InferenceSession session, PixelBuffer pixels, Quad quad, IReadOnlyList<string> alphabet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Input(pixels, quad) is not { } input)
        {
            return ("", 0);
        }

        using var results = session.Run(input, cancellationToken);
        var output = (DenseTensor<float>)results[0].AsTensor<float>();
        return CtcDecoder.Decode(output.Buffer.Span, output.Dimensions[1], output.Dimensions[2], alphabet);
    }

    /// <summary>The recogniser's input for the line in <paramref name="quad"/>; null when the quad is too small to hold one.</summary>
    public static DenseTensor<float>? Input(PixelBuffer pixels, Quad quad)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var (origin, across, down, length, depth) = Axes(quad);
        if (length < 1 || depth < 1)
        {
            return null;
        }

        var width = Math.Clamp((int)Math.Ceiling(LineHeight * length / depth), 1, MaxWidth);
        var tensorWidth = Math.Max(MinWidth, width);
        var input = new DenseTensor<float>([1, 3, LineHeight, tensorWidth]);
        var planes = input.Buffer.Span;
        var plane = LineHeight * tensorWidth;
        var (stepU, stepV) = (length / width, depth / LineHeight);
        var samples = Math.Clamp((int)Math.Ceiling(Math.Max(stepU, stepV)), 1, 4);
        var scale = 1f / (samples * samples * 127.5f);
        for (var row = 0; row < LineHeight; row++)
        {
            for (var column = 0; column < width; column++)
            {
                float r = 0, g = 0, b = 0;
                for (var sv = 0; sv < samples; sv++)
                {
                    for (var su = 0; su < samples; su++)
                    {
                        var u = (column + ((su + 0.5f) / samples)) * stepU;
                        var v = (row + ((sv + 0.5f) / samples)) * stepV;
                        var (pr, pg, pb) = pixels.Sample(origin.X + (u * across.X) + (v * down.X) - 0.5f, origin.Y + (u * across.Y) + (v * down.Y) - 0.5f);
                        (r, g, b) = (r + pr, g + pg, b + pb);
                    }
                }

                // The padding right of the line stays 0: grey, as PaddleOCR pads.
                var at = (row * tensorWidth) + column;
                planes[at] = (b * scale) - 1;
                planes[plane + at] = (g * scale) - 1;
                planes[(2 * plane) + at] = (r * scale) - 1;
            }
        }

        return input;
    }

    // Where the cut starts and its unit axes: along the text (across) and down its letters; a tall quad is read turned.
    private static (PointF2 Origin, PointF2 Across, PointF2 Down, float Length, float Depth) Axes(Quad quad)
    {
        float length = quad.Width, depth = quad.Height;
        if (length < 1e-3f || depth < 1e-3f)
        {
            return (quad.TopLeft, new(1, 0), new(0, 1), 0, 0);
        }

        var across = new PointF2((quad.TopRight.X - quad.TopLeft.X) / length, (quad.TopRight.Y - quad.TopLeft.Y) / length);
        var down = new PointF2((quad.BottomLeft.X - quad.TopLeft.X) / depth, (quad.BottomLeft.Y - quad.TopLeft.Y) / depth);
        return depth >= 1.5f * length
            ? (quad.TopRight, down, new PointF2(-across.X, -across.Y), depth, length)
            : (quad.TopLeft, across, down, length, depth);
    }
}
