namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>
/// A text region: four corners in reading order (top-left, top-right, bottom-right, bottom-left), so the top edge runs
/// along the text. Not necessarily axis-aligned: a line rotated a few degrees keeps its slant.
/// </summary>
public readonly record struct Quad(PointF2 TopLeft, PointF2 TopRight, PointF2 BottomRight, PointF2 BottomLeft)
{
    /// <summary>Length of the top edge: the text's length.</summary>
    public float Width => Distance(TopLeft, TopRight);

    /// <summary>Length of the left edge: the text's height.</summary>
    public float Height => Distance(TopLeft, BottomLeft);

    /// <summary>The axis-aligned bounds, whole pixels, clipped to a <paramref name="width"/>×<paramref name="height"/> image: x, y, w, h.</summary>
    public int[] Bounds(int width, int height)
    {
        var xs = new[] { TopLeft.X, TopRight.X, BottomRight.X, BottomLeft.X };
        var ys = new[] { TopLeft.Y, TopRight.Y, BottomRight.Y, BottomLeft.Y };
        var left = Math.Clamp((int)MathF.Floor(xs.Min()), 0, width);
        var top = Math.Clamp((int)MathF.Floor(ys.Min()), 0, height);
        var right = Math.Clamp((int)MathF.Ceiling(xs.Max()), 0, width);
        var bottom = Math.Clamp((int)MathF.Ceiling(ys.Max()), 0, height);
        return [left, top, right - left, bottom - top];
    }

    /// <summary>The quad with every coordinate multiplied (from a resized map back to the image).</summary>
    public Quad Scale(float sx, float sy) =>
        new(new(TopLeft.X * sx, TopLeft.Y * sy), new(TopRight.X * sx, TopRight.Y * sy), new(BottomRight.X * sx, BottomRight.Y * sy), new(BottomLeft.X * sx, BottomLeft.Y * sy));

    private static float Distance(PointF2 a, PointF2 b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
