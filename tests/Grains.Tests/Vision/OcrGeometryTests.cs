using ImgProcess.Grains.Vision.Ocr;

namespace ImgProcess.Grains.Tests.Vision;

public sealed class OcrGeometryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(-25)]
    [InlineData(40)]
    public void The_smallest_rectangle_around_a_slanted_bar_has_its_size_and_its_top_edge_along_the_text(double degrees)
    {
        // The pixels of a 60×10 bar turned by the angle around (100, 80).
        var angle = degrees * Math.PI / 180;
        var points = new List<PointF2>();
        for (var u = 0; u <= 60; u++)
        {
            for (var v = 0; v <= 10; v++)
            {
                points.Add(new PointF2((float)(100 + (u * Math.Cos(angle)) - (v * Math.Sin(angle))), (float)(80 + (u * Math.Sin(angle)) + (v * Math.Cos(angle)))));
            }
        }

        var quad = MinAreaRectangle.Around(points);

        Assert.Equal(60, quad.Width, 0.5);
        Assert.Equal(10, quad.Height, 0.5);
        Assert.Equal(degrees, Math.Atan2(quad.TopRight.Y - quad.TopLeft.Y, quad.TopRight.X - quad.TopLeft.X) * 180 / Math.PI, 0.5);
        Assert.Equal(100, quad.TopLeft.X, 0.5);
        Assert.Equal(80, quad.TopLeft.Y, 0.5);
    }

    [Fact]
    public void The_hull_keeps_only_the_outer_corners()
    {
        var points = new[] { new PointF2(0, 0), new PointF2(4, 0), new PointF2(4, 4), new PointF2(0, 4), new PointF2(2, 2), new PointF2(2, 0) };

        Assert.Equal(4, MinAreaRectangle.ConvexHull(points).Count);
    }

    [Fact]
    public void Two_bars_in_a_probability_map_are_two_regions_grown_back_by_the_unclip_distance_and_weak_or_tiny_ones_are_dropped()
    {
        const int width = 200, height = 100;
        var map = new float[width * height];
        void Fill(int left, int top, int right, int bottom, float value)
        {
            for (var y = top; y <= bottom; y++)
            {
                for (var x = left; x <= right; x++)
                {
                    map[(y * width) + x] = value;
                }
            }
        }

        Fill(10, 10, 109, 19, 0.9f);   // a line's core: 100×10
        Fill(10, 40, 59, 49, 0.95f);   // another
        Fill(10, 70, 109, 79, 0.4f);   // above the pixel threshold, below the box threshold
        Fill(150, 10, 151, 60, 0.9f);  // two pixels wide: too thin

        var regions = TextBoxFinder.Find(map, width, height);

        Assert.Equal(2, regions.Count);
        var first = regions.Single(r => r.Quad.TopLeft.Y < 20);
        Assert.Equal(0.9f, first.Score, 0.01f);

        // Core 99×9 (pixel centres): grown by 99 × 9 × 1.5 / (2 × (99 + 9)) ≈ 6.19 on each side.
        var distance = 99f * 9 * TextBoxFinder.UnclipRatio / (2 * (99 + 9));
        Assert.Equal(99 + (2 * distance), first.Quad.Width, 0.1f);
        Assert.Equal(9 + (2 * distance), first.Quad.Height, 0.1f);
        Assert.Equal(10 - distance, first.Quad.TopLeft.X, 0.1f);
    }

    [Fact]
    public void Ctc_decoding_merges_repeats_drops_blanks_and_keeps_letters_a_blank_separates()
    {
        string[] alphabet = ["a", "b", " "];
        // Classes: 0 blank, 1 a, 2 b, 3 space. Steps: a a blank a b b space blank.
        int[] best = [1, 1, 0, 1, 2, 2, 3, 0];
        var probabilities = new float[best.Length * 4];
        for (var t = 0; t < best.Length; t++)
        {
            for (var c = 0; c < 4; c++)
            {
                probabilities[(t * 4) + c] = c == best[t] ? 0.7f : 0.1f;
            }
        }

        probabilities[(4 * 4) + 2] = 0.9f; // the first b is surer

        var (text, confidence) = CtcDecoder.Decode(probabilities, best.Length, 4, alphabet);

        Assert.Equal("aab ", text);
        Assert.Equal((0.7f + 0.7f + 0.9f + 0.7f) / 4, confidence, 0.001f);
        Assert.Equal(("", 0f), CtcDecoder.Decode(new float[] { 1, 0, 1, 0 }, 2, 2, ["x"]));
    }

    [Fact]
    public void Lines_are_read_top_to_bottom_and_left_to_right_within_a_row()
    {
        static ReadLine Line(string text, float left, float top) =>
            new(text, 1, new Quad(new(left, top), new(left + 50, top), new(left + 50, top + 20), new(left, top + 20)));

        var ordered = PageReader.InReadingOrder([Line("c", 10, 60), Line("b", 120, 12), Line("a", 10, 18), Line("d", 120, 58)]);

        Assert.Equal("abcd", string.Concat(ordered.Select(l => l.Text)));
    }
}
