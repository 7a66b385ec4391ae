using System.Globalization;

namespace ImgProcess.Gateway.Apis;

/// <summary>Whole-number query parameters: absent means the fallback; anything but digits in range is refused.</summary>
internal static class QueryNumbers
{
    public static bool TryParse(string? text, int fallback, int min, int max, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
