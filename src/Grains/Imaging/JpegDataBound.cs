using System.Buffers.Binary;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// The fewest bytes of compressed data a Huffman-coded JPEG of its declared size can have: every 8×8 block of the first
/// component costs at least one bit (its DC code), whatever the content and the tables. A file shorter than that has
/// lost its data, however whole its markers look: decoders pad such a file with grey, and a few hundred bytes that
/// claim 7000×7000 would cost a 49-megapixel decode. Arithmetic-coded JPEGs (rare) can go below one bit a block and are
/// not bounded here.
/// </summary>
public static class JpegDataBound
{
    /// <summary>Why <paramref name="jpeg"/> is too short for the image its frame header declares, or null.</summary>
    public static string? FindShortfall(ReadOnlySpan<byte> jpeg)
    {
        if (!TryFrame(jpeg, out var width, out var height, out var huffman) || !huffman)
        {
            return null;
        }

        var blocks = ((width + 7L) / 8) * ((height + 7L) / 8);
        var fewestBytes = blocks / 8;
        return jpeg.Length >= fewestBytes ? null
            : $"The JPEG is truncated: {jpeg.Length} bytes cannot hold the compressed data of a {width}×{height} image (at least {fewestBytes} bytes).";
    }

    // The first start-of-frame segment: dimensions, and whether it is Huffman-coded (SOF0-3, 5-7) or arithmetic (SOF9-15).
    private static bool TryFrame(ReadOnlySpan<byte> jpeg, out int width, out int height, out bool huffman)
    {
        (width, height, huffman) = (0, 0, false);
        for (var at = 2; at + 9 <= jpeg.Length && jpeg[at] == 0xFF;)
        {
            var marker = jpeg[at + 1];
            if (marker is 0xFF or 0x01 or (>= 0xD0 and <= 0xD8))
            {
                at += marker == 0xFF ? 1 : 2;
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                return false;
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 7)..]);
                huffman = marker < 0xC8;
                return true;
            }

            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
        }

        return false;
    }
}
