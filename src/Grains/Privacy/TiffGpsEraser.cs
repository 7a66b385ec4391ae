using System.Buffers.Binary;

namespace ImgProcess.Grains.Privacy;

/// <summary>
/// Erases the GPS data of a TIFF structure (a TIFF file, or the Exif block of a JPEG, PNG or WebP) in place: the GPS
/// IFD's entries and the values they point to become zeros and the IFD counts none, and GPS tags written straight into
/// the first IFD (as some writers do; their numbers, 0–31, mean nothing else there) are taken out of it. Nothing moves
/// but entries inside that IFD, so every offset in the file stays right and no reader finds a coordinate.
/// </summary>
internal static class TiffGpsEraser
{
    private const ushort GpsIfdTag = 0x8825;
    private const ushort LastGpsTag = 0x001F;

    // Bytes per value of each TIFF field type (1 BYTE .. 13 IFD); 0 for unknown types.
    private static readonly int[] TypeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

    /// <summary>True when <paramref name="tiff"/> had GPS entries, now erased; false when it had none or is not TIFF.</summary>
    public static bool Erase(Span<byte> tiff)
    {
        if (tiff.Length < 8 || !TryByteOrder(tiff, out var little) || Read16(tiff, 2, little) != 42)
        {
            return false;
        }

        var ifd0 = Read32(tiff, 4, little);
        if (!TryEntries(tiff, ifd0, little, out var count))
        {
            return false;
        }

        var found = false;
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd0 + 2 + (i * 12);
            if (Read16(tiff, entry, little) == GpsIfdTag)
            {
                found |= EraseIfd(tiff, Read32(tiff, entry + 8, little), little);
            }
        }

        return RemoveGpsTags(tiff, ifd0, count, little) | found;
    }

    // Takes entries with GPS tag numbers out of the IFD at `ifd`: the entries after them move up, the count and the
    // next-IFD offset follow, and the freed bytes and the removed entries' values become zeros.
    private static bool RemoveGpsTags(Span<byte> tiff, uint ifd, int count, bool little)
    {
        var start = (int)ifd + 2;
        var next = Read32(tiff, start + (count * 12), little, fallback: 0);
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var entry = start + (i * 12);
            if (Read16(tiff, entry, little) <= LastGpsTag)
            {
                ClearValue(tiff, entry, little);
                continue;
            }

            tiff.Slice(entry, 12).CopyTo(tiff.Slice(start + (kept * 12), 12));
            kept++;
        }

        if (kept == count)
        {
            return false;
        }

        Write16(tiff, (int)ifd, (ushort)kept, little);
        var end = start + (count * 12) + 4;
        tiff[(start + (kept * 12))..Math.Min(end, tiff.Length)].Clear();
        if (start + (kept * 12) + 4 <= tiff.Length)
        {
            Write32(tiff, start + (kept * 12), next, little);
        }

        return true;
    }

    // Zeros the value an entry points to, when it does not fit in the entry itself.
    private static void ClearValue(Span<byte> tiff, int entry, bool little)
    {
        var type = Read16(tiff, entry + 2, little);
        var bytes = (long)(type < TypeSizes.Length ? TypeSizes[type] : 0) * Read32(tiff, entry + 4, little);
        var offset = Read32(tiff, entry + 8, little);
        if (bytes > 4 && offset + bytes <= tiff.Length)
        {
            tiff.Slice((int)offset, (int)bytes).Clear();
        }
    }

    private static bool EraseIfd(Span<byte> tiff, uint ifd, bool little)
    {
        if (!TryEntries(tiff, ifd, little, out var count) || count == 0)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + (i * 12);
            ClearValue(tiff, entry, little);
            tiff.Slice(entry, 12).Clear();
        }

        tiff.Slice((int)ifd, 2).Clear();
        return true;
    }

    private static bool TryEntries(ReadOnlySpan<byte> tiff, uint ifd, bool little, out int count)
    {
        count = ifd >= 8 && ifd + 2 <= tiff.Length ? Read16(tiff, (int)ifd, little) : 0;
        return count > 0 && ifd + 2 + ((long)count * 12) <= tiff.Length;
    }

    private static bool TryByteOrder(ReadOnlySpan<byte> tiff, out bool little)
    {
        little = tiff[0] == 'I' && tiff[1] == 'I';
        return little || (tiff[0] == 'M' && tiff[1] == 'M');
    }

    private static ushort Read16(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[at..]);

    private static uint Read32(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[at..]);

    private static uint Read32(ReadOnlySpan<byte> s, int at, bool little, uint fallback) => at + 4 <= s.Length ? Read32(s, at, little) : fallback;

    private static void Write16(Span<byte> s, int at, ushort value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(s[at..], value);
        }
    }

    private static void Write32(Span<byte> s, int at, uint value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[at..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(s[at..], value);
        }
    }
}
