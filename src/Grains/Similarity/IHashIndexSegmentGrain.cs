namespace ImgProcess.Grains.Similarity;

/// <summary>A persisted block of up to <see cref="SimilarityIndexLayout.SegmentSize"/> index entries (key: segment number).</summary>
public interface IHashIndexSegmentGrain : IGrainWithIntegerKey
{
    /// <summary>Appends entries; the caller never passes more than fit.</summary>
    Task Append(List<HashIndexEntry> entries);

    /// <summary>All entries of the segment.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<List<HashIndexEntry>> Entries();
}
