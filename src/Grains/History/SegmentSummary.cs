namespace ImgProcess.Grains.History;

/// <summary>A segment's size and key range.</summary>
/// <param name="Count">Entries, live or deleted.</param>
/// <param name="FirstKey">The first entry's key (0 when empty).</param>
/// <param name="LastKey">The last entry's key (0 when empty).</param>
[GenerateSerializer, Immutable]
public sealed record SegmentSummary([property: Id(0)] int Count, [property: Id(1)] long FirstKey, [property: Id(2)] long LastKey);
