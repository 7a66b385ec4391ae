namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>
/// The smallest rectangle, at any angle, around a set of points: the convex hull (monotone chain), then for each hull
/// edge the rectangle with a side along it (one side of the minimum rectangle always lies on a hull edge). Answered
/// as a <see cref="Quad"/> whose top edge is the side nearer horizontal, so text reads along it.
/// </summary>
public static class MinAreaRectangle
{
    /// <summary>The rectangle around <paramref name="points"/> (at least one).</summary>
    public static Quad Around(IReadOnlyList<PointF2> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var hull = ConvexHull(points);
        if (hull.Count == 1)
        {
            return Oriented(hull[0], 1, 0, 0, 0, 0, 0);
        }

        var best = (Area: double.MaxValue, Origin: hull[0], Ux: 1.0, Uy: 0.0, MinU: 0.0, MaxU: 0.0, MinV: 0.0, MaxV: 0.0);
        for (var i = 0; i < hull.Count; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % hull.Count];
            double dx = b.X - a.X, dy = b.Y - a.Y;
            var length = Math.Sqrt((dx * dx) + (dy * dy));
            if (length < 1e-9)
            {
                continue;
            }

            var (ux, uy) = (dx / length, dy / length);
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var p in hull)
            {
                double rx = p.X - a.X, ry = p.Y - a.Y;
                var u = (rx * ux) + (ry * uy);
                var v = (-rx * uy) + (ry * ux);
                (minU, maxU, minV, maxV) = (Math.Min(minU, u), Math.Max(maxU, u), Math.Min(minV, v), Math.Max(maxV, v));
            }

            var area = (maxU - minU) * (maxV - minV);
            if (area < best.Area)
            {
                best = (area, a, ux, uy, minU, maxU, minV, maxV);
            }
        }

        return Oriented(best.Origin, best.Ux, best.Uy, best.MinU, best.MaxU, best.MinV, best.MaxV);
    }

    /// <summary>The convex hull of <paramref name="points"/>, counter-clockwise in y-down coordinates, without collinear points.</summary>
    public static List<PointF2> ConvexHull(IReadOnlyList<PointF2> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
        {
            return sorted;
        }

        var hull = new List<PointF2>(sorted.Count * 2);
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            var start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull;
    }

    // The rectangle spanned by [minU, maxU] along u and [minV, maxV] along v (u turned a quarter clockwise on screen), so
    // its corners run clockwise; it starts at the corner whose outgoing edge points most nearly along +x: the top-left
    // of text read left to right.
    private static Quad Oriented(PointF2 origin, double ux, double uy, double minU, double maxU, double minV, double maxV)
    {
        PointF2 At(double u, double v) => new((float)(origin.X + (u * ux) - (v * uy)), (float)(origin.Y + (u * uy) + (v * ux)));
        var corners = new[] { At(minU, minV), At(maxU, minV), At(maxU, maxV), At(minU, maxV) };
        var start = Enumerable.Range(0, 4).MaxBy(k =>
        {
            var (a, b) = (corners[k], corners[(k + 1) % 4]);
            var length = Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y)));
            return length < 1e-9 ? (k == 0 ? 0 : -2) : (b.X - a.X) / length;
        });
        return new Quad(corners[start], corners[(start + 1) % 4], corners[(start + 2) % 4], corners[(start + 3) % 4]);
    }

    private static double Cross(PointF2 o, PointF2 a, PointF2 b) => ((double)(a.X - o.X) * (b.Y - o.Y)) - ((double)(a.Y - o.Y) * (b.X - o.X));
}
