using System.Buffers.Binary;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Walks a PNG's chunk list without decompressing anything. The image library inflates compressed text and ICC
/// chunks (zTXt, iTXt, iCCP) in full while reading the header, so a small file could inflate to gigabytes: the
/// compressed bytes of those chunks are counted here, before the library sees the file.
/// </summary>
public static class PngChunkScanner
{
    private const int SignatureLength = 8;

    /// <summary>Total bytes of compressed metadata chunks, or -1 when the chunk structure is broken.</summary>
    public static long CompressedMetadataBytes(ReadOnlySpan<byte> png)
    {
        var (metadata, broken, _) = Walk(png);
        return broken ? -1 : metadata;
    }

    /// <summary>True when every chunk lies inside the file and the IEND chunk is reached: a file cut anywhere fails this.</summary>
    public static bool ReachesEnd(ReadOnlySpan<byte> png) => Walk(png).ReachedEnd;

    /// <summary>True when a chunk of <paramref name="type"/> lies before the image data (or anywhere, when IDAT is missing).</summary>
    public static bool HasChunk(ReadOnlySpan<byte> png, ReadOnlySpan<byte> type)
    {
        var position = SignatureLength;
        while (position + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            var chunk = png.Slice(position + 4, 4);
            if (chunk.SequenceEqual(type))
            {
                return true;
            }

            if (chunk.SequenceEqual("IDAT"u8) || length > int.MaxValue - 12 || position + 12L + length > png.Length)
            {
                return false;
            }

            position += 12 + (int)length;
        }

        return false;
    }

    private static (long MetadataBytes, bool Broken, bool ReachedEnd) Walk(ReadOnlySpan<byte> png)
    {
        long total = 0;
        var position = SignatureLength;
        while (position + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            var type = png.Slice(position + 4, 4);
            if (length > int.MaxValue || position + 12L + length > png.Length)
            {
                return (total, true, false);
            }

            if (type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8) || type.SequenceEqual("iCCP"u8))
            {
                total += length;
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return (total, false, true);
            }

            position += 12 + (int)length;
        }

        return (total, false, false);
    }
}
