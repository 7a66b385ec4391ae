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

    // Drawn by Pillow (Assets/render_text.py) in its own process: ImageMagick's resource limits are global to a process,
    // and the tests that set the service's tight limits run beside these.
    private static TextPicture Render((string Photo, string Font, double Size, double Angle, bool Box, string[] Lines) layout)
    {
        var output = Path.Combine(Path.GetTempPath(), $"imgprocess-text-{Guid.NewGuid():N}.png");
        try
        {
            ExternalTool.Run(
                ExternalTool.Python,
                [Path.Combine(AppContext.BaseDirectory, "Assets", "render_text.py"), Photographs.Path(layout.Photo), Path.Combine(Fonts, layout.Font),
                    layout.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), layout.Angle.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    layout.Box ? "1" : "0", output, .. layout.Lines]);
            return new TextPicture($"{layout.Photo} ({Path.GetFileNameWithoutExtension(layout.Font)}, {layout.Angle}°, {(layout.Box ? "light box" : "on the photo")})", File.ReadAllBytes(output), layout.Lines);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
