namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>
/// Turns the text detector's probability map into text regions, as the DB (differentiable binarization) models are
/// read: pixels above <see cref="PixelThreshold"/> form regions (8-connected); each becomes its minimum-area rectangle,
/// kept when the map's mean inside it reaches <see cref="BoxThreshold"/>; the rectangle is then grown by
/// area × <see cref="UnclipRatio"/> / perimeter on every side, since the model is trained to mark a shrunk core of each
/// line.
/// </summary>
public static class TextBoxFinder
{
    /// <summary>Probability above which a pixel is text.</summary>
    public const float PixelThreshold = 0.3f;

    /// <summary>Mean probability a region needs to be kept.</summary>
    public const float BoxThreshold = 0.6f;

    /// <summary>How far the shrunk core is grown back.</summary>
    public const float UnclipRatio = 1.5f;

    /// <summary>The most regions taken from one map.</summary>
    public const int MaxRegions = 1000;

    private const float MinSide = 3;

    /// <summary>The text regions in a <paramref name="width"/>×<paramref name="height"/> map, in map coordinates.</summary>
    public static List<ScoredQuad> Find(ReadOnlySpan<float> map, int width, int height)
    {
        if (map.Length < width * height)
        {
            throw new ArgumentException("The map is smaller than its dimensions.", nameof(map));
        }

        var found = new List<ScoredQuad>();
        var labelled = new bool[width * height];
        var stack = new Stack<int>();
        var region = new List<PointF2>();
        for (var start = 0; start < width * height && found.Count < MaxRegions; start++)
        {
            if (labelled[start] || map[start] <= PixelThreshold)
            {
                continue;
            }

            // One region, flood-filled; only each row's outermost pixels can be on its hull, so only they are kept.
            region.Clear();
            var rowExtremes = new Dictionary<int, (int Min, int Max)>();
            labelled[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var at = stack.Pop();
                int x = at % width, y = at / width;
                rowExtremes[y] = rowExtremes.TryGetValue(y, out var e) ? (Math.Min(e.Min, x), Math.Max(e.Max, x)) : (x, x);
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < width && ny < height && !labelled[(ny * width) + nx] && map[(ny * width) + nx] > PixelThreshold)
                        {
                            labelled[(ny * width) + nx] = true;
                            stack.Push((ny * width) + nx);
                        }
                    }
                }
            }

            foreach (var (y, (min, max)) in rowExtremes)
            {
                region.Add(new PointF2(min, y));
                region.Add(new PointF2(max, y));
            }

            var core = MinAreaRectangle.Around(region);
            if (Math.Min(core.Width, core.Height) < MinSide)
            {
                continue;
            }

            var score = MeanInside(map, width, height, core);
            if (score < BoxThreshold)
            {
                continue;
            }

            var grown = Grow(core);
            if (Math.Min(grown.Width, grown.Height) < MinSide + 2)
            {
                continue;
            }

            found.Add(new ScoredQuad(grown, score));
        }

        return found;
    }

    /// <summary>The rectangle grown by area × <see cref="UnclipRatio"/> / perimeter on every side.</summary>
    public static Quad Grow(Quad core)
    {
        float w = core.Width, h = core.Height;
        var distance = w * h * UnclipRatio / (2 * (w + h));
        var (ux, uy) = Unit(core.TopLeft, core.TopRight, 1, 0);
        var (vx, vy) = Unit(core.TopLeft, core.BottomLeft, -uy, ux);
        PointF2 Move(PointF2 p, float su, float sv) => new(p.X + (distance * ((su * ux) + (sv * vx))), p.Y + (distance * ((su * uy) + (sv * vy))));
        return new Quad(Move(core.TopLeft, -1, -1), Move(core.TopRight, 1, -1), Move(core.BottomRight, 1, 1), Move(core.BottomLeft, -1, 1));
    }

    // The map's mean over the pixels whose centres fall inside the quad (the quad's corners are pixel coordinates).
    private static float MeanInside(ReadOnlySpan<float> map, int width, int height, Quad quad)
    {
        var bounds = quad.Bounds(width - 1, height - 1);
        var (ux, uy) = Unit(quad.TopLeft, quad.TopRight, 1, 0);
        var (vx, vy) = Unit(quad.TopLeft, quad.BottomLeft, -uy, ux);
        float length = quad.Width, depth = quad.Height;
        double sum = 0;
        var count = 0;
        for (var y = bounds[1]; y <= bounds[1] + bounds[3]; y++)
        {
            for (var x = bounds[0]; x <= bounds[0] + bounds[2]; x++)
            {
                float rx = x - quad.TopLeft.X, ry = y - quad.TopLeft.Y;
                var u = (rx * ux) + (ry * uy);
                var v = (rx * vx) + (ry * vy);
                if (u >= -0.5f && u <= length + 0.5f && v >= -0.5f && v <= depth + 0.5f)
                {
                    sum += map[(y * width) + x];
                    count++;
                }
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    private static (float X, float Y) Unit(PointF2 from, PointF2 to, float fallbackX, float fallbackY)
    {
        float dx = to.X - from.X, dy = to.Y - from.Y;
        var length = MathF.Sqrt((dx * dx) + (dy * dy));
        return length < 1e-6f ? (fallbackX, fallbackY) : (dx / length, dy / length);
    }
}
