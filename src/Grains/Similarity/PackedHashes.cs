using System.Numerics;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// A shard's hashes in memory, 40 bytes per content: the 64-bit perceptual hashes in one array (a query is a linear
/// XOR + popcount scan, about a millisecond per million) and the raw 32-byte SHA-256s beside them in another. No set and
/// no strings: a duplicate is found by scanning for the same hash (vectorised), then comparing the SHA-256s.
/// </summary>
internal sealed class PackedHashes
{
    private const int ShaBytes = 32;
    private ulong[] hashes = new ulong[1024];
    private byte[] shas = new byte[1024 * ShaBytes];

    /// <summary>How many contents are held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held per content (the arrays' capacity over the count).</summary>
    public double BytesPerEntry => Count == 0 ? 0 : ((hashes.Length * 8.0) + shas.Length) / Count;

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
        var span = hashes.AsSpan(0, Count);
        for (var from = 0; from < span.Length;)
        {
            var at = span[from..].IndexOf(hash);
            if (at < 0)
            {
                return false;
            }

            from += at;
            if (shas.AsSpan(from * ShaBytes, ShaBytes).SequenceEqual(sha))
            {
                return true;
            }

            from++;
        }

        return false;
    }
}
