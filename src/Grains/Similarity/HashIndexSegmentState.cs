namespace ImgProcess.Grains.Similarity;

/// <summary>Persisted entries of one hash index segment.</summary>
[GenerateSerializer]
public sealed class HashIndexSegmentState : Indexing.ISegmentEntries<HashIndexEntry>
{
    /// <summary>The entries in insertion order.</summary>
    [Id(0)] public List<HashIndexEntry> Entries { get; set; } = [];
}
