namespace ImgProcess.Grains.History;

/// <summary>Persisted entries of one history segment, oldest first; deleted ones stay as tombstones.</summary>
[GenerateSerializer]
public sealed class HistorySegmentState
{
    /// <summary>The entries, oldest first.</summary>
    [Id(0)] public List<HistoryEntry> Entries { get; set; } = [];

    /// <summary>Offsets of deleted entries.</summary>
    [Id(1)] public HashSet<int> Deleted { get; set; } = [];
}
