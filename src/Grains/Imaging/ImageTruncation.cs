using System.Buffers.Binary;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Tells a cut-off file from a whole one from the format's own structure, before anything is decoded. The image library
/// pads a truncated WebP, GIF, TIFF, BMP or JPEG with grey or background instead of failing, so a cut file would
/// otherwise be analysed as if it were whole.
/// </summary>
public static class ImageTruncation
{
    // Some JPEG writers append data after the end marker; it must appear somewhere in the tail.
    private const int JpegTailSearchBytes = 64 * 1024;

    private static ReadOnlySpan<byte> JpegEndOfImage => [0xFF, 0xD9];

    /// <summary>Why <paramref name="content"/> is not a whole file of <paramref name="format"/>, or null when it is.</summary>
    public static string? FindTruncation(ReadOnlySpan<byte> content, SniffedFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.Name switch
        {
            "JPEG" => content[Math.Max(0, content.Length - JpegTailSearchBytes)..].IndexOf(JpegEndOfImage) >= 0
                ? null
                : "The JPEG is truncated: it has no end-of-image marker.",
            // Chunks after the image data are not the image: a file cut there is whole if its image data inflates whole.
            "PNG" => PngChunkScanner.ReachesEnd(content) || PngDataCheck.FindDamage(content) is null
                ? null
                : "The PNG is truncated: its chunks stop before the IEND chunk and its image data is not whole.",
            "GIF" => GifStructure.IsComplete(content) ? null : "The GIF is truncated: its blocks stop before the trailer.",
            "WEBP" => WebPIsWhole(content) ? null : "The WebP is truncated: the file is shorter than its RIFF header says.",
            "BMP" => BmpIsWhole(content) ? null : "The BMP is truncated: the file is shorter than its pixel array needs.",
            "TIFF" => TiffStructure.ImageDataInside(content) ? null : "The TIFF is truncated: its image data runs past the end of the file.",
            "HEIC" or "AVIF" => BoxesInside(content) ? null : $"The {format.Name} is truncated: a box runs past the end of the file.",
            "JXL" => content.StartsWith("\0\0\0\x0CJXL "u8) && !BoxesInside(content) ? "The JXL is truncated: a box runs past the end of the file." : null,
            _ => null,
        };
    }

    // ISO base media boxes, one after another: a 32-bit size (1: a 64-bit size follows the type; 0: to the end of the
    // file) and a type. Image data lives in "mdat", whose stated size outlasts a file cut inside it.
    private static bool BoxesInside(ReadOnlySpan<byte> file)
    {
        long position = 0;
        while (position + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file[(int)position..]);
            if (size == 1)
            {
                if (position + 16 > file.Length)
                {
                    return false;
                }

                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(file[(int)(position + 8)..]), long.MaxValue / 2);
            }
            else if (size == 0)
            {
                return true;
            }

            if (size < 8 || position + size > file.Length)
            {
                return false;
            }

            position += size;
        }

        return position == file.Length;
    }

    // RIFF: "RIFF", the size of everything after these 8 bytes, "WEBP", then chunks.
    private static bool WebPIsWhole(ReadOnlySpan<byte> webp) =>
        webp.Length >= 12 && 8L + BinaryPrimitives.ReadUInt32LittleEndian(webp[4..]) <= webp.Length;

    private static bool BmpIsWhole(ReadOnlySpan<byte> bmp)
    {
        if (bmp.Length < 26)
        {
            return false;
        }

        // The file-size field is not trusted (writers get it wrong and decoders ignore it): the pixel array decides.
        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(bmp[10..]);
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(bmp[14..]);
        if (pixelOffset > bmp.Length)
        {
            return false;
        }

        return pixelOffset + BmpPixelBytes(bmp, headerSize) <= bmp.Length;
    }

    // The pixel array's size: stated by the header when compressed, else rows of whole 32-bit words.
    private static long BmpPixelBytes(ReadOnlySpan<byte> bmp, uint headerSize)
    {
        long width, height;
        int bitsPerPixel;
        uint compression = 0, imageSize = 0;
        if (headerSize == 12)
        {
            // OS/2 BITMAPCOREHEADER: 16-bit sizes.
            width = BinaryPrimitives.ReadUInt16LittleEndian(bmp[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(bmp[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(bmp[24..]);
        }
        else
        {
            if (bmp.Length < 38)
            {
                return long.MaxValue / 2;
            }

            width = BinaryPrimitives.ReadInt32LittleEndian(bmp[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(bmp[22..]));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(bmp[28..]);
            // Short OS/2 2.x headers end before these fields.
            compression = headerSize >= 20 ? BinaryPrimitives.ReadUInt32LittleEndian(bmp[30..]) : 0;
            imageSize = headerSize >= 24 ? BinaryPrimitives.ReadUInt32LittleEndian(bmp[34..]) : 0;
        }

        // BI_RGB (0) and BI_BITFIELDS (3, 6) store plain rows; the rest (RLE, embedded JPEG/PNG) state their size.
        var plainRows = compression is 0 or 3 or 6;
        return plainRows ? ((((long)bitsPerPixel * Math.Max(0, width)) + 31) / 32 * 4 * height) : imageSize;
    }
}
