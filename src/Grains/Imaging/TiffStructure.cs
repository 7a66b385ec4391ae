using System.Buffers.Binary;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Reads the first image directory of a TIFF (the only one decoded) far enough to check that it, every value it points
/// at and every strip or tile of image data lie inside the file. The decoder reads a strip past the end as zeros instead of failing.
/// </summary>
public static class TiffStructure
{
    private const ushort StripOffsets = 273;
    private const ushort StripByteCounts = 279;
    private const ushort TileOffsets = 324;
    private const ushort TileByteCounts = 325;
    private const ushort ExtraSamples = 338;
    private const int EntrySize = 12;

    /// <summary>True when the first directory's extra samples include alpha (associated, 1, or unassociated, 2).</summary>
    public static bool DeclaresAlpha(ReadOnlySpan<byte> tiff)
    {
        if (!TryFirstDirectory(tiff, out var littleEndian, out var directory, out var entries))
        {
            return false;
        }

        for (var i = 0; i < entries && directory + 2L + ((i + 1) * (long)EntrySize) <= tiff.Length; i++)
        {
            var entry = tiff.Slice((int)directory + 2 + (i * EntrySize), EntrySize);
            if (ReadUInt16(entry, littleEndian) == ExtraSamples)
            {
                return ReadValues(tiff, entry, littleEndian) is { } kinds && kinds.Any(kind => kind is 1 or 2);
            }
        }

        return false;
    }

    /// <summary>True when the first directory and all it points at (values, strips or tiles) are inside the file.</summary>
    public static bool ImageDataInside(ReadOnlySpan<byte> tiff)
    {
        if (!TryFirstDirectory(tiff, out var littleEndian, out var directory, out var entries))
        {
            return false;
        }

        // The directory: its entry count, the entries and the offset of the next directory.
        if (directory + 2L + (entries * (long)EntrySize) + 4 > tiff.Length)
        {
            return false;
        }

        long[]? offsets = null, counts = null;
        for (var i = 0; i < entries; i++)
        {
            var entry = tiff.Slice((int)directory + 2 + (i * EntrySize), EntrySize);
            if (!ValuesInside(tiff, entry, littleEndian))
            {
                return false;
            }

            var tag = ReadUInt16(entry, littleEndian);
            if (tag is StripOffsets or TileOffsets)
            {
                offsets = ReadValues(tiff, entry, littleEndian);
            }
            else if (tag is StripByteCounts or TileByteCounts)
            {
                counts = ReadValues(tiff, entry, littleEndian);
            }
        }

        if (offsets is null || counts is null || offsets.Length != counts.Length)
        {
            return false;
        }

        for (var i = 0; i < offsets.Length; i++)
        {
            if (offsets[i] < 0 || counts[i] < 0 || offsets[i] + counts[i] > tiff.Length)
            {
                return false;
            }
        }

        return true;
    }

    // The header: byte order, then the offset of the first directory, which starts with its entry count.
    private static bool TryFirstDirectory(ReadOnlySpan<byte> tiff, out bool littleEndian, out uint directory, out ushort entries)
    {
        littleEndian = tiff.Length > 0 && tiff[0] == (byte)'I';
        directory = tiff.Length >= 8 ? ReadUInt32(tiff[4..], littleEndian) : 0;
        entries = 0;
        if (tiff.Length < 8 || directory > tiff.Length - 2L)
        {
            return false;
        }

        entries = ReadUInt16(tiff[(int)directory..], littleEndian);
        return true;
    }

    // Values longer than the entry's 4 value bytes live elsewhere in the file: that place must be inside it.
    private static bool ValuesInside(ReadOnlySpan<byte> tiff, ReadOnlySpan<byte> entry, bool littleEndian)
    {
        var size = ReadUInt16(entry[2..], littleEndian) switch
        {
            1 or 2 or 6 or 7 => 1,
            3 or 8 => 2,
            4 or 9 or 11 or 13 => 4,
            5 or 10 or 12 => 8,
            _ => 0, // unknown types are skipped by readers
        };
        var bytes = ReadUInt32(entry[4..], littleEndian) * (long)size;
        return bytes <= 4 || ReadUInt32(entry[8..], littleEndian) + bytes <= tiff.Length;
    }

    // An entry's SHORT or LONG values: inline when they fit in its 4 value bytes, else at the offset those bytes give.
    // Null (not whole) when the values lie outside the file or have another type.
    private static long[]? ReadValues(ReadOnlySpan<byte> tiff, ReadOnlySpan<byte> entry, bool littleEndian)
    {
        var type = ReadUInt16(entry[2..], littleEndian);
        var count = ReadUInt32(entry[4..], littleEndian);
        var width = type switch { 3 => 2, 4 => 4, _ => 0 };
        if (width == 0 || count == 0 || count > tiff.Length)
        {
            return null;
        }

        var bytes = count * (long)width;
        ReadOnlySpan<byte> values;
        if (bytes <= 4)
        {
            values = entry.Slice(8, (int)bytes);
        }
        else
        {
            var at = ReadUInt32(entry[8..], littleEndian);
            if (at + bytes > tiff.Length)
            {
                return null;
            }

            values = tiff.Slice((int)at, (int)bytes);
        }

        var result = new long[count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = width == 2 ? ReadUInt16(values[(i * 2)..], littleEndian) : ReadUInt32(values[(i * 4)..], littleEndian);
        }

        return result;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
