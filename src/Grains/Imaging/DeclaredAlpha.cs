using System.Buffers.Binary;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// The one alpha rule, read from the file's own structure so it holds whichever decoder runs: an image has alpha when its
/// format declares transparency. PNG: a colour type with alpha, or a tRNS chunk in any colour type. GIF: a transparent
/// index in the first frame's graphic control. WebP: the VP8X alpha flag or the VP8L alpha-is-used bit. BMP: bit fields
/// with an alpha mask. TIFF: extra samples of associated or unassociated alpha. HEIC and AVIF (an alpha auxiliary image) and JPEG XL (an alpha channel) are
/// answered by their codec's header read; JPEG has none.
/// </summary>
public static class DeclaredAlpha
{
    /// <summary>Whether <paramref name="content"/> declares transparency (false for HEIC, AVIF and JPEG XL: their codec says).</summary>
    public static bool Of(ReadOnlySpan<byte> content, SniffedFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.Name switch
        {
            "PNG" => PngDeclaresAlpha(content),
            "GIF" => GifStructure.FirstFrameHasTransparency(content),
            "WEBP" => WebPDeclaresAlpha(content),
            "BMP" => BmpDeclaresAlpha(content),
            "TIFF" => TiffStructure.DeclaresAlpha(content),
            _ => false,
        };
    }

    // IHDR's colour type (byte 25): 4 grey with alpha, 6 RGBA; any other type has alpha only through tRNS.
    private static bool PngDeclaresAlpha(ReadOnlySpan<byte> png) =>
        (png.Length > 25 && png[25] is 4 or 6) || PngChunkScanner.HasChunk(png, "tRNS"u8);

    // The first chunk after "RIFF....WEBP": VP8X carries flags (alpha 0x10); VP8L's header word has alpha_is_used at bit 28.
    private static bool WebPDeclaresAlpha(ReadOnlySpan<byte> webp)
    {
        if (webp.Length < 30)
        {
            return false;
        }

        var chunk = webp[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (webp[20] & 0x10) != 0;
        }

        if (chunk.SequenceEqual("VP8L"u8) && webp[20] == 0x2F)
        {
            return ((BinaryPrimitives.ReadUInt32LittleEndian(webp[21..]) >> 28) & 1) != 0;
        }

        return false;
    }

    // Bit fields (3, or 6 with an alpha mask) whose alpha mask is set. The mask follows the 40-byte header at offset 66; a
    // plain 40-byte header with compression 3 has no alpha mask (its fourth byte is padding, as Pillow reads it).
    private static bool BmpDeclaresAlpha(ReadOnlySpan<byte> bmp)
    {
        if (bmp.Length < 70)
        {
            return false;
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(bmp[14..]);
        var compression = BinaryPrimitives.ReadUInt32LittleEndian(bmp[30..]);
        var withAlphaMask = compression == 6 || (compression == 3 && headerSize >= 56);
        return withAlphaMask && BinaryPrimitives.ReadUInt32LittleEndian(bmp[66..]) != 0;
    }
}
