namespace ImgProcess.Grains.History;

/// <summary>Persisted entries of one history segment, oldest first.</summary>
[GenerateSerializer]
public sealed class HistorySegmentState
{
    /// <summary>The entries, oldest first.</summary>
    [Id(0)] public List<HistoryEntry> Entries { get; set; } = [];
}
