using System.Text;
using System.Text.RegularExpressions;

namespace ImgProcess.Grains.Privacy;

/// <summary>
/// Blanks the GPS properties of an XMP packet in place (<c>exif:GPSLatitude="…"</c> attributes and
/// <c>&lt;exif:GPS…&gt;…&lt;/exif:GPS…&gt;</c> elements become spaces of the same length), so the packet keeps its size
/// and the file around it its offsets.
/// </summary>
internal static partial class XmpLocationEraser
{
    /// <summary>True when <paramref name="xmp"/> (UTF-8) had GPS properties, now blanked.</summary>
    public static bool Erase(Span<byte> xmp)
    {
        var text = Encoding.UTF8.GetString(xmp);
        var found = false;
        foreach (var match in GpsProperty().EnumerateMatches(text))
        {
            // Byte positions of the match: the text before it may hold multi-byte characters.
            var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, match.Index));
            var length = Encoding.UTF8.GetByteCount(text.AsSpan(match.Index, match.Length));
            xmp.Slice(start, length).Fill((byte)' ');
            found = true;
        }

        return found;
    }

    [GeneratedRegex("""exif:GPS\w+\s*=\s*("[^"]*"|'[^']*')|<exif:GPS\w+\b[^>]*/>|<exif:(GPS\w+)\b[^>]*>.*?</exif:\2>""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex GpsProperty();
}
