using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Imaging;

/// <summary>Limits every upload must meet before any pixel is decoded. Bound from <c>ImgProcess:Limits</c>.</summary>
public sealed class ImageLimitsOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Limits";

    /// <summary>Largest accepted file, in bytes (default 50 MiB). Larger uploads are refused with 413 as soon as the limit is passed.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Largest accepted width times height (default 50 megapixels).</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixelsPerImage { get; set; } = 50_000_000;

    /// <summary>Largest accepted width or height (default 20 000).</summary>
    [Range(1, int.MaxValue)]
    public int MaxPixelsPerSide { get; set; } = 20_000;

    /// <summary>Most frames accepted in an animated image (default 500).</summary>
    [Range(1, int.MaxValue)]
    public int MaxFrames { get; set; } = 500;

    /// <summary>
    /// Largest total of compressed PNG metadata chunks (zTXt, iTXt, iCCP) accepted (default 64 KiB): they are inflated in
    /// full when the header is read, at up to about a thousand times their size.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxPngCompressedMetadataBytes { get; set; } = 64 * 1024;

    /// <summary>Longest original file name kept (default 255 characters); longer names are shortened, not refused.</summary>
    [Range(16, 4096)]
    public int MaxFileNameLength { get; set; } = 255;

    private static readonly string[] DefaultFormats = ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"];

    /// <summary>
    /// Formats accepted, by sniffed name; unset means PNG, JPEG, GIF, BMP, TIFF, WEBP. Other recognised formats get 415.
    /// Null by default on purpose: the configuration binder adds to a list that already has items, so a default
    /// list here could never be narrowed from configuration.
    /// </summary>
    public IList<string>? AllowedFormats { get; set; }

    /// <summary>The formats in effect: <see cref="AllowedFormats"/> when configured, else the defaults.</summary>
    public IReadOnlyList<string> AcceptedFormats => AllowedFormats is { Count: > 0 } configured ? [.. configured] : DefaultFormats;

    /// <summary>True when <paramref name="formatName"/> is in <see cref="AcceptedFormats"/>.</summary>
    public bool Allows(string formatName) => AcceptedFormats.Contains(formatName, StringComparer.OrdinalIgnoreCase);
}
