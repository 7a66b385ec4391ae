using System.Numerics;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// A shard's hashes in memory, about 48 bytes per content: the 64-bit perceptual hashes in one array (a query is a
/// linear XOR + popcount scan, about a millisecond per million), the raw 32-byte SHA-256s beside them in another, and an
/// open-addressing table of 32-bit positions (at most three quarters full) that finds a duplicate without a scan. No strings,
/// no objects per entry.
/// </summary>
internal sealed class PackedHashes
{
    private const int ShaBytes = 32;
    private ulong[] hashes = new ulong[1024];
    private byte[] shas = new byte[1024 * ShaBytes];

    // Position + 1 of each entry, at the slot its (hash, SHA-256) picks, linear probing; 0 = empty.
    private int[] slots = new int[2048];

    /// <summary>How many contents are held.</summary>
    public int Count { get; private set; }


    /// <summary>True when the content is held with this hash (or its SHA-256 is not one).</summary>
    public bool Contains(string sha256, ulong hash)
    {
        Span<byte> sha = stackalloc byte[ShaBytes];
        return !TryParse(sha256, sha) || Contains(sha, hash);
    }

    /// <summary>Adds a content (the caller has checked it is not held); false when its SHA-256 is not one.</summary>
    public bool Add(string sha256, ulong hash)
    {
        Span<byte> sha = stackalloc byte[ShaBytes];
        if (!TryParse(sha256, sha))
        {
            return false;
        }

        if (Count == hashes.Length)
        {
            Array.Resize(ref hashes, hashes.Length * 2);
            Array.Resize(ref shas, shas.Length * 2);
        }

        hashes[Count] = hash;
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

        return true;
    }

    /// <summary>Contents within <paramref name="maxDistance"/> of <paramref name="hash"/>, nearest first, at most <paramref name="limit"/>.</summary>
    public List<SimilarContent> FindNear(ulong hash, int maxDistance, int limit)
    {
        // Two passes: count matches per distance, then collect only up to the distance that fills the limit,
        // so a wide query over a million hashes never builds a million results.
        maxDistance = Math.Clamp(maxDistance, 0, 64);
        var span = hashes.AsSpan(0, Count);
        Span<int> perDistance = stackalloc int[65];
        foreach (var candidate in span)
        {
            var distance = BitOperations.PopCount(candidate ^ hash);
            if (distance <= maxDistance)
            {
                perDistance[distance]++;
            }
        }

        var cutoff = -1;
        for (var total = 0; cutoff < maxDistance && total < limit;)
        {
            total += perDistance[++cutoff];
        }

        var found = new List<SimilarContent>();
        for (var i = 0; i < span.Length; i++)
        {
            var distance = BitOperations.PopCount(span[i] ^ hash);
            if (distance <= cutoff)
            {
                found.Add(new SimilarContent(Convert.ToHexStringLower(shas, i * ShaBytes, ShaBytes), distance));
            }
        }

        return [.. found.OrderBy(f => f.Distance).ThenBy(f => f.Sha256, StringComparer.Ordinal).DistinctBy(f => f.Sha256).Take(limit)];
    }

    private static bool TryParse(string sha256, Span<byte> sha) =>
        Convert.FromHexString(sha256, sha, out _, out var written) == System.Buffers.OperationStatus.Done && written == ShaBytes;

    private bool Contains(ReadOnlySpan<byte> sha, ulong hash)
    {
        var mask = slots.Length - 1;
        for (var slot = SlotOf(hash, sha, mask); slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var i = slots[slot] - 1;
            if (hashes[i] == hash && shas.AsSpan(i * ShaBytes, ShaBytes).SequenceEqual(sha))
            {
                return true;
            }
        }

        return false;
    }

    private void Insert(int index)
    {
        var mask = slots.Length - 1;
        var slot = SlotOf(hashes[index], shas.AsSpan(index * ShaBytes, ShaBytes), mask);
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = index + 1;
    }

    // The SHA-256 is already uniform: its first 8 bytes, mixed with the perceptual hash, pick the slot.
    private static int SlotOf(ulong hash, ReadOnlySpan<byte> sha, int mask) =>
        (int)((System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(sha) ^ (hash * 0x9E3779B97F4A7C15UL)) >> 32) & mask;
}
