namespace ImgProcess.Grains.History;

/// <summary>Persisted state of the history head: only which segment takes the next entries.</summary>
[GenerateSerializer]
public sealed class HistoryHeadState
{
    /// <summary>The segment being filled.</summary>
    [Id(0)] public long CurrentSegment { get; set; }
}
