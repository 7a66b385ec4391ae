using System.Buffers;

namespace ImgProcess.Grains.Storage;

/// <summary>Rules for blob keys: short, lowercase ASCII, no separators, so a key can never name a path outside the store.</summary>
public static class BlobKey
{
    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>The longest accepted key.</summary>
    public const int MaxLength = 128;

    /// <summary>True when <paramref name="key"/> is a well-formed key.</summary>
    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && key.Length <= MaxLength
        && key[0] != '.'
        && !key.AsSpan().ContainsAnyExcept(Allowed)
        && !key.Contains("..", StringComparison.Ordinal);

    /// <summary>Throws when <paramref name="key"/> is not a well-formed key.</summary>
    public static void EnsureValid(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException($"'{key}' is not a valid blob key.", nameof(key));
        }
    }

    /// <summary>The key of an original upload: its SHA-256, so identical bytes are stored once.</summary>
    public static string ForOriginal(string sha256Hex) => sha256Hex;

    /// <summary>The key of a derived image (thumbnail) of the content with <paramref name="sha256Hex"/>.</summary>
    public static string ForDerived(string sha256Hex, string variant, string extension) => $"{sha256Hex}-{variant}.{extension}";
}
