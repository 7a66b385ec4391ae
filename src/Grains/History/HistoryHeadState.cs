namespace ImgProcess.Grains.History;

/// <summary>Persisted state of a partition's head: which segment takes the next entries, deletions and key ranges per segment.</summary>
[GenerateSerializer]
public sealed class HistoryHeadState
{
    /// <summary>The segment being filled.</summary>
    [Id(0)] public long CurrentSegment { get; set; }

    /// <summary>Deleted entries per segment (only segments that have any), so paging can skip whole segments without reading them.</summary>
    [Id(1)] public Dictionary<long, int> DeletedPerSegment { get; set; } = [];

    /// <summary>
    /// The last key of each full segment, in order, so a key is located without reading segments. Shorter than
    /// <see cref="CurrentSegment"/> for a history from before keys (those segments have legacy keys).
    /// </summary>
    [Id(2)] public List<long> SegmentLastKeys { get; set; } = [];

    /// <summary>
    /// Entries below this number have been handed to the similarity index (written when a segment fills up; entries
    /// from here on are handed over again when the partition activates). Null for a history from before this field.
    /// </summary>
    [Id(3)] public long? IndexedThrough { get; set; }
}
