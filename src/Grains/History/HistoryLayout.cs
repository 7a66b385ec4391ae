namespace ImgProcess.Grains.History;

/// <summary>
/// How the history is laid out. It is <see cref="HistoryOptions.Partitions"/> partitions, each a head grain (key: the
/// partition number) over fixed-size segments: entry <c>n</c> of a partition (0 = its first) lives in its segment
/// <c>n / SegmentSize</c>, so an append rewrites one segment of bounded size, whatever the length of the history.
/// Deleted entries stay as tombstones, so numbers never move. Partition 0 is the single history of earlier versions,
/// with the same grain keys, so existing data is read as it is.
/// </summary>
public static class HistoryLayout
{
    /// <summary>Entries per segment. Changing it would move entries between segments: it is fixed.</summary>
    public const int SegmentSize = 256;

    /// <summary>The most partitions a history can have; also the spacing of keys, which carry their partition.</summary>
    public const int MaxPartitions = 64;

    private const int SegmentBits = 40;

    /// <summary>The key of a partition's segment grain: the partition in the high bits (partition 0's keys are the old ones).</summary>
    public static long SegmentKey(int partition, long segment) => ((long)partition << SegmentBits) | segment;

    /// <summary>The segment number inside its partition, from a segment grain's key.</summary>
    public static long SegmentNumberOf(long segmentKey) => segmentKey & ((1L << SegmentBits) - 1);

    /// <summary>The partition, from a segment grain's key.</summary>
    public static int PartitionOfSegment(long segmentKey) => (int)(segmentKey >> SegmentBits);

    /// <summary>The segment that holds entry <paramref name="sequence"/> of a partition.</summary>
    public static long SegmentOf(long sequence) => sequence / SegmentSize;

    /// <summary>The offset of entry <paramref name="sequence"/> inside its segment.</summary>
    public static int OffsetOf(long sequence) => (int)(sequence % SegmentSize);

    /// <summary>The partition of an upload: a hash of its id, so no central grain decides (its record keeps it).</summary>
    public static int PartitionOf(string imageId, int partitions)
    {
        ArgumentNullException.ThrowIfNull(imageId);
        var hash = 2166136261u;
        foreach (var c in imageId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }

    /// <summary>
    /// The ordering key for an entry appended at <paramref name="time"/> to <paramref name="partition"/>: 100-ns ticks
    /// since the Unix epoch times <see cref="MaxPartitions"/>, plus the partition, so keys are unique across partitions
    /// and newest first across them is descending key order.
    /// </summary>
    public static long KeyAt(DateTimeOffset time, int partition) => ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * MaxPartitions) + partition;

    /// <summary>The key of an entry stored before keys existed (partition 0 only): below every real key, in append order.</summary>
    public static long LegacyKey(long sequence) => sequence * MaxPartitions;
}
