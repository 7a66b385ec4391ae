namespace ImgProcess.Grains.History;

/// <summary>Persisted state of the history head: which segment takes the next entries, and deletions per segment.</summary>
[GenerateSerializer]
public sealed class HistoryHeadState
{
    /// <summary>The segment being filled.</summary>
    [Id(0)] public long CurrentSegment { get; set; }

    /// <summary>Deleted entries per segment (only segments that have any), so paging can skip whole segments without reading them.</summary>
    [Id(1)] public Dictionary<long, int> DeletedPerSegment { get; set; } = [];
}
