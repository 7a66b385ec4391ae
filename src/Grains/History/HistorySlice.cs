namespace ImgProcess.Grains.History;

/// <summary>A run of history entries, newest first, and how many live entries the history (or partition) holds in all.</summary>
/// <param name="Total">Live entries in the whole history (or the partition asked).</param>
/// <param name="Entries">The requested entries, newest first.</param>
[GenerateSerializer, Immutable]
public sealed record HistorySlice(
    [property: Id(0)] long Total,
    [property: Id(1)] List<HistoryEntry> Entries);
