namespace ImgProcess.Grains.Similarity;

/// <summary>Persisted state of a shard: only which of its segments takes the next entries.</summary>
[GenerateSerializer]
public sealed class SimilarityIndexState
{
    /// <summary>The segment being filled.</summary>
    [Id(0)] public long CurrentSegment { get; set; }
}
