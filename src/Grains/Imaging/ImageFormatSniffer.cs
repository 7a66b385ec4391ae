using System.Buffers.Binary;
using System.Text;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Decides an upload's format from its magic bytes alone, never from its name or the client's Content-Type.
/// </summary>
public static class ImageFormatSniffer
{
    // Signatures with bytes above 0x7F: a u8 string literal would encode those as two UTF-8 bytes.
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JxlCodestream => [0xFF, 0x0A];
    private static ReadOnlySpan<byte> JxlContainer => [0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeaderLength = 512;

    /// <summary>The formats the image library decodes, by <see cref="SniffedFormat.Name"/>.</summary>
    public static readonly SniffedFormat Png = new("PNG", "image/png", "png", true);
    /// <summary>JPEG/JFIF/EXIF.</summary>
    public static readonly SniffedFormat Jpeg = new("JPEG", "image/jpeg", "jpg", true);
    /// <summary>GIF 87a/89a.</summary>
    public static readonly SniffedFormat Gif = new("GIF", "image/gif", "gif", true);
    /// <summary>Windows bitmap.</summary>
    public static readonly SniffedFormat Bmp = new("BMP", "image/bmp", "bmp", true);
    /// <summary>TIFF, either byte order.</summary>
    public static readonly SniffedFormat Tiff = new("TIFF", "image/tiff", "tiff", true);
    /// <summary>WebP (RIFF container).</summary>
    public static readonly SniffedFormat Webp = new("WEBP", "image/webp", "webp", true);

    /// <summary>HEIF with HEVC images: the iPhone's photos (brands heic, heix, hevc, mif1 without AVIF).</summary>
    public static readonly SniffedFormat Heic = new("HEIC", "image/heic", "heic", true);
    /// <summary>HEIF with AV1 images (brands avif, avis).</summary>
    public static readonly SniffedFormat Avif = new("AVIF", "image/avif", "avif", true);
    /// <summary>JPEG XL, bare codestream or ISO container.</summary>
    public static readonly SniffedFormat Jxl = new("JXL", "image/jxl", "jxl", true);

    /// <summary>Every format the service can decode.</summary>
    public static IReadOnlyList<SniffedFormat> Decodable { get; } = [Png, Jpeg, Gif, Bmp, Tiff, Webp, Heic, Avif, Jxl];

    /// <summary>The decodable format named <paramref name="name"/> (as <see cref="SniffedFormat.Name"/>), or null.</summary>
    public static SniffedFormat? ByName(string? name) => Decodable.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>Recognises <paramref name="head"/> (the first <see cref="HeaderLength"/> bytes or fewer); null when it is no image format known here.</summary>
    public static SniffedFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(PngSignature)) return Png;
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return Jpeg;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return Gif;
        if (head.StartsWith("BM"u8) && head.Length >= 26) return Bmp;
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return Tiff;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return Webp;
        if (head.StartsWith(JxlCodestream) || head.StartsWith(JxlContainer)) return Jxl;
        if (HeifBrands(head) is { } heif) return heif;
        return DetectUnsupported(head);
    }

    private static SniffedFormat? DetectUnsupported(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\0\0\x01\0"u8) && head.Length >= 6) return new("ICO", "image/vnd.microsoft.icon", "ico", false);
        if (head.StartsWith("8BPS"u8)) return new("PSD", "image/vnd.adobe.photoshop", "psd", false);
        if (head.StartsWith("%PDF-"u8)) return new("PDF", "application/pdf", "pdf", false);
        if (LooksLikeSvg(head)) return new("SVG", "image/svg+xml", "svg", false);
        return null;
    }

    // An ISO-BMFF "ftyp" box: the major brand, then the compatible brands. AV1 when any brand says so (a "mif1" file
    // may hold either), else HEVC for the HEIF brands; other ISO files (MP4 video) are not images.
    private static SniffedFormat? HeifBrands(ReadOnlySpan<byte> head)
    {
        if (head.Length < 16 || !head[4..8].SequenceEqual("ftyp"u8))
        {
            return null;
        }

        var boxEnd = (int)Math.Min(head.Length, BinaryPrimitives.ReadUInt32BigEndian(head));
        var heif = false;
        for (var i = 8; i + 4 <= boxEnd; i += i == 8 ? 8 : 4) // the 4 bytes after the major brand are its version
        {
            var brand = head.Slice(i, 4);
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8)) return Avif;
            heif |= brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8)
                || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);
        }

        return heif ? Heic : null;
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (!text.StartsWith('<'))
        {
            return false;
        }

        return text.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }
}
