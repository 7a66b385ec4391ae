namespace ImgProcess.Grains.Similarity;

/// <summary>
/// The perceptual-hash index: <see cref="SimilarityOptions.Shards"/> shard grains (key: the shard number), each holding
/// its hashes in memory over append-only persisted segments of its own. Shard 0 is the single index of earlier
/// versions, with the same grain keys, so existing data is read as it is.
/// </summary>
public static class SimilarityIndexLayout
{
    /// <summary>Entries per persisted segment.</summary>
    public const int SegmentSize = 1024;

    /// <summary>The most shards an index can have.</summary>
    public const int MaxShards = 64;

    private const int SegmentBits = 40;

    /// <summary>The key of a shard's segment grain: the shard in the high bits (shard 0's keys are the old ones).</summary>
    public static long SegmentKey(int shard, long segment) => ((long)shard << SegmentBits) | segment;

    /// <summary>The shard a content's hash is kept in: from the content's SHA-256, so no central grain decides.</summary>
    public static int ShardOf(string sha256, int shards)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return sha256.Length >= 8 && uint.TryParse(sha256.AsSpan(0, 8), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            ? (int)(prefix % (uint)shards)
            : 0;
    }
}
