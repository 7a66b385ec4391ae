namespace ImgProcess.Grains.Indexing;

/// <summary>Persisted entries of one index segment.</summary>
/// <typeparam name="TEntry">The index's entry.</typeparam>
[GenerateSerializer]
public sealed class IndexSegmentState<TEntry> : ISegmentEntries<TEntry>
{
    /// <summary>The entries in insertion order.</summary>
    [Id(0)] public List<TEntry> Entries { get; set; } = [];
}
