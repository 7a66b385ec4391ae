using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Privacy;

/// <summary>
/// Finds where a file keeps location metadata — the GPS IFD of its Exif block (JPEG APP1, PNG eXIf, WebP EXIF, a TIFF's
/// own IFDs) and the GPS properties of its XMP packet (JPEG APP1, PNG iTXt, WebP XMP) — and erases them in place, without
/// moving a byte, so the file stays valid and the same length. Used on served copies: the stored bytes never change.
/// </summary>
public static class LocationMetadata
{
    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();
    private static readonly byte[] XmpHeader = "http://ns.adobe.com/xap/1.0/\0"u8.ToArray();
    private static readonly byte[] PngXmpKeyword = "XML:com.adobe.xmp\0"u8.ToArray();

    /// <summary>True for the formats whose files can carry location metadata that <see cref="Erase"/> finds.</summary>
    public static bool MayHave(SniffedFormat format) => format?.Name is "JPEG" or "PNG" or "WEBP" or "TIFF";

    /// <summary>Erases the location metadata of <paramref name="bytes"/> (a file of <paramref name="format"/>); true when there was some.</summary>
    public static bool Erase(Span<byte> bytes, SniffedFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.Name switch
        {
            "JPEG" => EraseJpeg(bytes),
            "PNG" => ErasePng(bytes),
            "WEBP" => EraseWebp(bytes),
            "TIFF" => TiffGpsEraser.Erase(bytes),
            _ => false,
        };
    }

    // Segments from SOI to the first scan: APP1 holds Exif or XMP.
    private static bool EraseJpeg(Span<byte> jpeg)
    {
        var found = false;
        for (var at = 2; at + 4 <= jpeg.Length && jpeg[at] == 0xFF;)
        {
            var marker = jpeg[at + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF)
            {
                at += marker == 0xFF ? 1 : 2;
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                break;
            }

            var segment = jpeg.Slice(at + 4, length - 2);
            if (marker == 0xE1)
            {
                found |= segment.StartsWith(ExifHeader) ? TiffGpsEraser.Erase(segment[ExifHeader.Length..])
                    : segment.StartsWith(XmpHeader) && XmpLocationEraser.Erase(segment[XmpHeader.Length..]);
            }

            at += 2 + length;
        }

        return found;
    }

    // Chunks: eXIf is a TIFF structure, iTXt "XML:com.adobe.xmp" (uncompressed) an XMP packet; each changed chunk gets its CRC again.
    private static bool ErasePng(Span<byte> png)
    {
        var found = false;
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > png.Length - at - 12)
            {
                break;
            }

            var type = Encoding.ASCII.GetString(png.Slice(at + 4, 4));
            var data = png.Slice(at + 8, (int)length);
            var changed = type switch
            {
                "eXIf" => TiffGpsEraser.Erase(data),
                "iTXt" when data.StartsWith(PngXmpKeyword) && data.Length > PngXmpKeyword.Length && data[PngXmpKeyword.Length] == 0 => XmpLocationEraser.Erase(data[XmpTextStart(data)..]),
                _ => false,
            };
            if (changed)
            {
                BinaryPrimitives.WriteUInt32BigEndian(png[(at + 8 + (int)length)..], Crc32.HashToUInt32(png.Slice(at + 4, 4 + (int)length)));
                found = true;
            }

            at += 12 + (int)length;
        }

        return found;
    }

    // iTXt: keyword\0, compression flag, method, language\0, translated keyword\0, then the text.
    private static int XmpTextStart(ReadOnlySpan<byte> data)
    {
        var at = PngXmpKeyword.Length + 2;
        for (var nulls = 0; at < data.Length && nulls < 2; at++)
        {
            nulls += data[at] == 0 ? 1 : 0;
        }

        return Math.Min(at, data.Length);
    }

    // RIFF chunks after "WEBP": EXIF (a TIFF structure, sometimes behind "Exif\0\0") and "XMP ".
    private static bool EraseWebp(Span<byte> webp)
    {
        var found = false;
        for (var at = 12; at + 8 <= webp.Length;)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(webp[(at + 4)..]);
            if (size > webp.Length - at - 8)
            {
                break;
            }

            var type = Encoding.ASCII.GetString(webp.Slice(at, 4));
            var data = webp.Slice(at + 8, (int)size);
            found |= type switch
            {
                "EXIF" => TiffGpsEraser.Erase(data.StartsWith(ExifHeader) ? data[ExifHeader.Length..] : data),
                "XMP " => XmpLocationEraser.Erase(data),
                _ => false,
            };
            at += 8 + (int)size + (int)(size & 1);
        }

        return found;
    }
}
