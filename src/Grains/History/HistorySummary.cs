namespace ImgProcess.Grains.History;

/// <summary>What a partition holds, without reading its entries.</summary>
/// <param name="Total">Live entries.</param>
/// <param name="OldestKey">The key of its first entry (live or not), or 0 when empty.</param>
/// <param name="NewestKey">The key of its newest entry (live or not), or 0 when empty.</param>
[GenerateSerializer, Immutable]
public sealed record HistorySummary(
    [property: Id(0)] long Total,
    [property: Id(1)] long OldestKey,
    [property: Id(2)] long NewestKey);
