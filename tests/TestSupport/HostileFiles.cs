using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;

namespace ImgProcess.Tests;

/// <summary>Hostile uploads built byte by byte in the test code: lies, truncations and bombs.</summary>
internal static class HostileFiles
{
    public static byte[] Truncated(byte[] file, double keep) => file.AsSpan(0, (int)(file.Length * keep)).ToArray();

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0x42; // never a real magic number by chance
        return bytes;
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] SvgWithExternalEntity() => Text(
        """<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>""");

    /// <summary>A structurally valid PNG whose header claims <paramref name="width"/> × <paramref name="height"/>, with almost no pixel data.</summary>
    public static byte[] PngClaiming(uint width, uint height, byte[]? extraChunk = null)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // RGB
        WriteChunk(stream, "IHDR", ihdr);
        if (extraChunk is not null)
        {
            stream.Write(extraChunk);
        }

        WriteChunk(stream, "IDAT", ZlibCompress(new byte[64]));
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>A small PNG carrying a zTXt chunk that inflates to <paramref name="inflatedBytes"/> bytes: a decompression bomb.</summary>
    public static byte[] PngWithTextBomb(int inflatedBytes)
    {
        using var chunk = new MemoryStream();
        chunk.Write("Comment\0\0"u8); // keyword, separator, compression method 0
        chunk.Write(ZlibCompress(new byte[inflatedBytes]));
        using var framed = new MemoryStream();
        WriteChunk(framed, "zTXt", chunk.ToArray());
        return PngClaiming(4, 4, framed.ToArray());
    }

    /// <summary>A baseline JPEG header (SOI, SOF0, EOI) claiming the given size; JPEG sizes stop at 65 535.</summary>
    public static byte[] JpegClaiming(ushort width, ushort height)
    {
        var sof = new byte[] { 0xFF, 0xC0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01 };
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(5), height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(7), width);
        return [0xFF, 0xD8, .. sof, 0xFF, 0xD9];
    }

    /// <summary>
    /// <paramref name="jpeg"/> (a whole, valid file) with its frame header claiming <paramref name="width"/>×<paramref name="height"/>:
    /// every marker in place, but far too little compressed data for that size (decoders pad the rest with grey).
    /// </summary>
    public static byte[] JpegWithDataEndingEarly(byte[] jpeg, ushort width, ushort height)
    {
        var copy = jpeg.ToArray();
        for (var at = 2; at + 9 < copy.Length; at += 2 + BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(at + 2)))
        {
            if (copy[at + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(at + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(at + 7), width);
                return copy;
            }
        }

        throw new ArgumentException("no frame header", nameof(jpeg));
    }

    /// <summary>A GIF with <paramref name="frames"/> 1×1 frames, written block by block (encoding thousands of frames with the library is slow).</summary>
    public static byte[] GifWithFrames(int frames)
    {
        using var stream = new MemoryStream();
        stream.Write("GIF89a"u8);
        stream.Write([1, 0, 1, 0, 0x80, 0, 0]);            // 1×1 screen, 2-colour global table
        stream.Write([0, 0, 0, 255, 255, 255]);
        for (var i = 0; i < frames; i++)
        {
            stream.Write([0x21, 0xF9, 4, 0, 1, 0, 0, 0]);  // graphic control: 10 ms
            stream.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // image descriptor 1×1
            stream.Write([2, 2, 0x4C, 0x01, 0]);            // LZW min code 2, one data sub-block, terminator
        }

        stream.WriteByte(0x3B);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    // The PNG chunk CRC (ISO 3309 / ITU-T V.42), bit by bit: test data only, speed does not matter.
    internal static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static byte[] ZlibCompress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>
    /// A grey <paramref name="width"/>×<paramref name="height"/> picture with a few dark columns, one bit per pixel: tens of
    /// megapixels in a few kilobytes, a whole and valid PNG (the decode, not the file, is large).
    /// </summary>
    public static byte[] LargeFlatPng(int width, int height)
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.L8>(width, height, new SixLabors.ImageSharp.PixelFormats.L8(255));
        for (var x = 0; x < width; x += 500)
        {
            for (var y = 0; y < height; y++)
            {
                image[x, y] = new SixLabors.ImageSharp.PixelFormats.L8(0);
            }
        }

        using var stream = new MemoryStream();
        image.Save(stream, new SixLabors.ImageSharp.Formats.Png.PngEncoder
        {
            ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.Grayscale,
            BitDepth = SixLabors.ImageSharp.Formats.Png.PngBitDepth.Bit1,
        });
        return stream.ToArray();
    }

    /// <summary><paramref name="png"/> with a tEXt chunk after IHDR: the same picture, other bytes (no deduplication).</summary>
    public static byte[] WithPngText(byte[] png, string text)
    {
        var data = Encoding.ASCII.GetBytes($"Comment\0{text}");
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes("tEXt").CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        const int afterHeader = 8 + 25; // the signature and IHDR
        return [.. png.AsSpan(0, afterHeader), .. chunk, .. png.AsSpan(afterHeader)];
    }
}
