using System.Buffers.Binary;

namespace ImgProcess.Grains.Indexing;

/// <summary>
/// Contents numbered in the order they arrive, by SHA-256: the raw 32 bytes in one array and an open-addressing table
/// of 32-bit positions (at most three quarters full) that finds a content's number without a scan. No string or object
/// per content, so an index of a million costs about 40 MB here.
/// </summary>
internal sealed class ShaTable
{
    private const int ShaBytes = 32;
    private byte[] shas = new byte[1024 * ShaBytes];

    // Number + 1 of each content, at the slot its SHA-256 picks, linear probing; 0 = empty.
    private int[] slots = new int[2048];

    /// <summary>How many contents are numbered.</summary>
    public int Count { get; private set; }

    /// <summary>The number of <paramref name="sha256"/>, or −1 when it has none (or is not a SHA-256).</summary>
    public int Find(string sha256)
    {
        Span<byte> sha = stackalloc byte[ShaBytes];
        return TryParse(sha256, sha) ? Find(sha) : -1;
    }

    /// <summary>The number of <paramref name="sha256"/>, given a new one when it has none; −1 when it is not a SHA-256.</summary>
    public int FindOrAdd(string sha256)
    {
        Span<byte> sha = stackalloc byte[ShaBytes];
        if (!TryParse(sha256, sha))
        {
            return -1;
        }

        var found = Find(sha);
        if (found >= 0)
        {
            return found;
        }

        if ((Count + 1) * ShaBytes > shas.Length)
        {
            Array.Resize(ref shas, shas.Length * 2);
        }

        sha.CopyTo(shas.AsSpan(Count * ShaBytes));
        Count++;
        if (Count * 4 > slots.Length * 3)
        {
            slots = new int[slots.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                Insert(i);
            }
        }
        else
        {
            Insert(Count - 1);
        }

        return Count - 1;
    }

    /// <summary>The SHA-256 of content number <paramref name="number"/>, as lower-case hex.</summary>
    public string ShaOf(int number) => Convert.ToHexStringLower(shas, number * ShaBytes, ShaBytes);

    /// <summary>Bytes held (for the memory figures).</summary>
    public long Bytes => shas.Length + (slots.Length * 4L);

    private int Find(ReadOnlySpan<byte> sha)
    {
        var mask = slots.Length - 1;
        for (var slot = SlotOf(sha, mask); slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var i = slots[slot] - 1;
            if (shas.AsSpan(i * ShaBytes, ShaBytes).SequenceEqual(sha))
            {
                return i;
            }
        }

        return -1;
    }

    private void Insert(int number)
    {
        var mask = slots.Length - 1;
        var slot = SlotOf(shas.AsSpan(number * ShaBytes, ShaBytes), mask);
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = number + 1;
    }

    // The SHA-256 is already uniform: its first bytes pick the slot.
    private static int SlotOf(ReadOnlySpan<byte> sha, int mask) => (int)(BinaryPrimitives.ReadUInt64LittleEndian(sha) >> 32) & mask;

    private static bool TryParse(string sha256, Span<byte> sha) =>
        sha256 is not null && Convert.FromHexString(sha256, sha, out _, out var written) == System.Buffers.OperationStatus.Done && written == ShaBytes;
}
