using ImageMagick;
using ImageMagick.Drawing;

namespace ImgProcess.Tests;

/// <summary>A picture with text drawn on it, and the text.</summary>
/// <param name="Name">What it shows, for messages.</param>
/// <param name="Png">The picture, PNG.</param>
/// <param name="Lines">The lines drawn, top to bottom.</param>
internal sealed record TextPicture(string Name, byte[] Png, IReadOnlyList<string> Lines)
{
    /// <summary>The lines as one text, whitespace collapsed.</summary>
    public string Text => TextPictures.Collapse(string.Join(' ', Lines));
}

/// <summary>
/// Sentences rendered with Debian's DejaVu and Liberation fonts on photographs: on light boxes and directly on the photo,
/// rotated a few degrees. The OCR tests and the OCR benchmark read the same set.
/// </summary>
internal static class TextPictures
{
    private const string Fonts = "/usr/share/fonts/truetype";

    private static readonly (string Photo, string Font, double Size, double Angle, bool Box, string[] Lines)[] Layouts =
    [
        ("chelsea.png", "dejavu/DejaVuSans.ttf", 30, 0, true, ["The quick brown fox jumps", "over the lazy dog 1234"]),
        ("coffee.png", "liberation/LiberationSerif-Regular.ttf", 34, 3, true, ["Fresh coffee served daily", "from 7 am until 5 pm"]),
        ("astronaut.png", "liberation/LiberationSans-Bold.ttf", 30, -4, false, ["MISSION CONTROL", "Houston we are go"]),
        ("rocket.jpg", "dejavu/DejaVuSerif.ttf", 28, 2, true, ["Launch window opens", "at 09:45 on Friday"]),
        ("motorcycle_left.png", "liberation/LiberationMono-Regular.ttf", 30, -2, true, ["Parking for bikes only", "Tickets cost 12 euros"]),
        ("hubble_deep_field.jpg", "dejavu/DejaVuSans-Bold.ttf", 40, 5, false, ["Galaxies far away", "seen by the telescope"]),
        ("ihc.png", "liberation/LiberationSans-Regular.ttf", 30, 0, true, ["Sample number 4821", "stained tissue slide"]),
        ("coffee.png", "dejavu/DejaVuSansMono.ttf", 26, -3, false, ["Invoice total: 58.20", "Thank you for visiting"]),
    ];

    /// <summary>Every picture of the set.</summary>
    public static IReadOnlyList<TextPicture> All() => [.. Layouts.Select(Render)];

    /// <summary>Whitespace collapsed to single spaces, trimmed.</summary>
    public static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Character accuracy of <paramref name="read"/> against <paramref name="expected"/>: 1 − edit distance / length.</summary>
    public static double Accuracy(string expected, string read) => 1 - ((double)EditDistance(expected, read) / expected.Length);

    /// <summary>The Levenshtein distance between two strings.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static TextPicture Render((string Photo, string Font, double Size, double Angle, bool Box, string[] Lines) layout)
    {
        using var image = new MagickImage(Photographs.Path(layout.Photo));
        image.ColorSpace = ColorSpace.sRGB;
        image.ColorType = ColorType.TrueColor;
        var font = Path.Combine(Fonts, layout.Font);
        image.Settings.Font = font;
        image.Settings.FontPointsize = layout.Size;
        var metrics = layout.Lines.Select(line => image.FontTypeMetrics(line)!).ToList();
        var lineHeight = metrics.Max(m => m.TextHeight) * 1.2;
        var width = metrics.Max(m => m.TextWidth);
        var (left, top) = (24.0, image.Height * 0.18);
        var drawables = new Drawables()
            .Translation(left, top)
            .Rotation(layout.Angle);

        // On a light box: dark text. Directly on the photo: white or black, whichever differs more from the area behind.
        var ink = MagickColors.Black;
        if (layout.Box)
        {
            drawables.FillColor(new MagickColor(255, 255, 255, 225)).Rectangle(-12, -8, width + 12, (lineHeight * layout.Lines.Length) + 8);
        }
        else
        {
            using var behind = image.CloneArea(new MagickGeometry((int)left, (int)top, (uint)Math.Min(width, image.Width - left), (uint)Math.Min(lineHeight * layout.Lines.Length, image.Height - top)));
            var mean = behind.Statistics().Composite()!.Mean / Quantum.Max;
            ink = mean < 0.5 ? MagickColors.White : MagickColors.Black;
        }

        drawables.Font(font).FontPointSize(layout.Size).FillColor(ink).StrokeColor(MagickColors.Transparent);
        for (var i = 0; i < layout.Lines.Length; i++)
        {
            drawables.Text(0, (i * lineHeight) + metrics[i].Ascent, layout.Lines[i]);
        }

        drawables.Draw(image);
        return new TextPicture($"{layout.Photo} ({Path.GetFileNameWithoutExtension(layout.Font)}, {layout.Angle}°, {(layout.Box ? "light box" : "on the photo")})", image.ToByteArray(MagickFormat.Png), layout.Lines);
    }
}
