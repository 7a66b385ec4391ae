using System.Globalization;
using System.Text;

namespace ImgProcess.Grains.TextSearch;

/// <summary>
/// The words of a text as the text index keeps and finds them: runs of letters and digits, lower-cased, accents
/// removed (so "Café" is found by "cafe"); each Chinese, Japanese or Korean character is a word of its own, since
/// those scripts do not separate words.
/// </summary>
public static class SearchWords
{
    /// <summary>The longest word kept (longer runs are cut): bounds what one image adds to the index.</summary>
    public const int MaxWordLength = 64;

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
            if (word.Length > 0 && seen.Add(word.ToString()))
            {
                words.Add(word.ToString());
            }

            word.Clear();
        }

        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
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
                if (word.Length < MaxWordLength)
                {
                    word.Append(char.ToLowerInvariant(c));
                }
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;
    }

    private static bool IsIdeograph(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF');
}
