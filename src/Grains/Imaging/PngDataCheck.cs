using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Checks a PNG's image data the way a strict decoder reads it, for the files ImageSharp decodes (16-bit, or Skia
/// missing): ImageSharp stops at a broken zlib stream and pads the missing rows. The IDAT chunks must inflate without
/// error (Adler-32 included) to exactly the bytes the header's rows need, interlaced or not.
/// </summary>
public static class PngDataCheck
{
    private const int SignatureLength = 8;

    /// <summary>Why the image data of <paramref name="png"/> is damaged, or null when it inflates whole.</summary>
    public static string? FindDamage(ReadOnlySpan<byte> png)
    {
        if (png.Length < 33)
        {
            return "The PNG has no complete header.";
        }

        var expected = ExpectedBytes(png);
        var compressed = ArrayPool<byte>.Shared.Rent(png.Length);
        try
        {
            var length = CopyImageData(png, compressed);
            using var input = new MemoryStream(compressed, 0, length, writable: false);
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                long total = 0;
                int read;
                while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                }

                return total < expected ? $"The PNG's image data ends early: {total} of {expected} bytes." : null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (InvalidDataException e)
        {
            return $"The PNG's image data is damaged: {e.Message}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    // Concatenates the IDAT chunks' data (the zlib stream), in order.
    private static int CopyImageData(ReadOnlySpan<byte> png, byte[] destination)
    {
        var written = 0;
        var position = SignatureLength;
        while (position + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length > int.MaxValue || position + 12L + length > png.Length)
            {
                break;
            }

            if (png.Slice(position + 4, 4).SequenceEqual("IDAT"u8))
            {
                png.Slice(position + 8, (int)length).CopyTo(destination.AsSpan(written));
                written += (int)length;
            }

            position += 12 + (int)length;
        }

        return written;
    }

    // Each row is a filter byte and its packed samples; Adam7 stores seven reduced images one after another.
    private static long ExpectedBytes(ReadOnlySpan<byte> png)
    {
        long width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
        long height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
        int bitDepth = png[24];
        var channels = png[25] switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
        var bitsPerPixel = bitDepth * channels;
        long RowsBytes(long w, long h) => w == 0 || h == 0 ? 0 : h * (1 + ((w * bitsPerPixel) + 7) / 8);
        if (png[28] == 0)
        {
            return RowsBytes(width, height);
        }

        ReadOnlySpan<int> starts = [0, 4, 0, 2, 0, 1, 0];
        ReadOnlySpan<int> steps = [8, 8, 4, 4, 2, 2, 1];
        ReadOnlySpan<int> rowStarts = [0, 0, 4, 0, 2, 0, 1];
        ReadOnlySpan<int> rowSteps = [8, 8, 8, 4, 4, 2, 2];
        long total = 0;
        for (var pass = 0; pass < 7; pass++)
        {
            var w = (width - starts[pass] + steps[pass] - 1) / steps[pass];
            var h = (height - rowStarts[pass] + rowSteps[pass] - 1) / rowSteps[pass];
            total += RowsBytes(Math.Max(0, w), Math.Max(0, h));
        }

        return total;
    }
}
