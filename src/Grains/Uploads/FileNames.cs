using System.Text;

namespace ImgProcess.Grains.Uploads;

/// <summary>Client file names are display data: this makes them safe to show and store, never to use as a path.</summary>
public static class FileNames
{
    /// <summary>
    /// The last segment of <paramref name="name"/> (after any '/' or '\'), without control or format characters,
    /// trimmed, shortened to <paramref name="maxLength"/> characters while keeping a short extension; "image" when nothing is left.
    /// </summary>
    public static string Sanitize(string? name, int maxLength)
    {
        var lastSegment = (name ?? "").Split('/', '\\').LastOrDefault() ?? "";
        var builder = new StringBuilder(lastSegment.Length);
        foreach (var rune in lastSegment.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is not (System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.Surrogate or System.Globalization.UnicodeCategory.PrivateUse
                or System.Globalization.UnicodeCategory.OtherNotAssigned))
            {
                builder.Append(rune.ToString());
            }
        }

        var clean = builder.ToString().Trim().Trim('.').Trim();
        if (clean.Length == 0)
        {
            return "image";
        }

        return clean.Length <= maxLength ? clean : Shorten(clean, maxLength);
    }

    private static string Shorten(string name, int maxLength)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length is 0 or > 10)
        {
            extension = "";
        }

        var stem = name[..^extension.Length];
        var keep = maxLength - extension.Length - 1;
        // Do not cut a surrogate pair in half.
        if (keep > 0 && char.IsHighSurrogate(stem[keep - 1]))
        {
            keep--;
        }

        return string.Concat(stem.AsSpan(0, keep), "…", extension);
    }
}
