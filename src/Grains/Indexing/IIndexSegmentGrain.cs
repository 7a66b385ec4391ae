namespace ImgProcess.Grains.Indexing;

/// <summary>A persisted block of up to <see cref="Similarity.SimilarityIndexLayout.SegmentSize"/> entries of one index shard (key: <see cref="Similarity.SimilarityIndexLayout.SegmentKey"/>).</summary>
/// <typeparam name="TEntry">The index's entry.</typeparam>
public interface IIndexSegmentGrain<TEntry> : IGrainWithIntegerKey
{
    /// <summary>Appends entries; the caller never passes more than fit.</summary>
    Task Append(List<TEntry> entries);

    /// <summary>All entries of the segment.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<List<TEntry>> Entries();
}
