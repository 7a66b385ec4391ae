using System.Globalization;
using System.Text;

namespace ImgProcess.Grains.TextSearch;

/// <summary>
/// The words of a text as the text index keeps and finds them: runs of letters and digits, lower-cased, accents of
/// the Latin letters removed (so "Café" is found by "cafe"; a table, since the service runs without ICU and so without
/// Unicode decomposition); each Chinese, Japanese or Korean character is a word of its own, since those scripts do not
/// separate words.
/// </summary>
public static class SearchWords
{
    /// <summary>The longest word kept (longer runs are cut): bounds what one image adds to the index.</summary>
    public const int MaxWordLength = 64;

    /// <summary>The most distinct words kept of one text (the first ones): bounds one content's index entry.</summary>
    public const int MaxWords = 2000;

    /// <summary>The distinct words of <paramref name="text"/>, in order of first appearance.</summary>
    public static List<string> Of(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0 && words.Count < MaxWords && seen.Add(word.ToString()))
            {
                words.Add(word.ToString());
            }

            word.Clear();
        }

        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (IsIdeograph(c))
            {
                Flush();
                word.Append(c);
                Flush();
            }
            else if (char.IsLetterOrDigit(c))
            {
                var lower = char.ToLowerInvariant(c);
                word.Append(Unaccented.TryGetValue(lower, out var plain) ? plain : lower.ToString());
                word.Length = Math.Min(word.Length, MaxWordLength);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;
    }

    // Each accented Latin lower-case letter and what it is without its accent.
    private static readonly Dictionary<char, string> Unaccented = new (string Letters, string Plain)[]
    {
        ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"),
    }.SelectMany(pair => pair.Letters.Select(letter => (letter, pair.Plain))).ToDictionary(p => p.letter, p => p.Plain);

    private static bool IsIdeograph(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF');
}
