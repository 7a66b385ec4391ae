namespace ImgProcess.Grains.History;

/// <summary>Where an upload's entry is in the history: which partition, its number there, and its ordering key.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Sequence">The entry's number in the partition.</param>
/// <param name="Key">The ordering key (newest first = descending).</param>
[GenerateSerializer, Immutable]
public sealed record HistoryPosition(
    [property: Id(0)] int Partition,
    [property: Id(1)] long Sequence,
    [property: Id(2)] long Key);
