namespace ImgProcess.Grains.Similarity;

/// <summary>Finds contents whose perceptual hash is within a Hamming distance of a given hash.</summary>
public interface ISimilarityIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Indexes a content's hash; a content already indexed is left as it is.</summary>
    Task Add(string sha256, ulong hash);

    /// <summary>Indexes many contents at once (seeding, backfills).</summary>
    Task AddRange(List<HashIndexEntry> entries);

    /// <summary>Contents within <paramref name="maxDistance"/> of <paramref name="hash"/>, nearest first, at most <paramref name="limit"/>.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<List<SimilarContent>> FindNear(ulong hash, int maxDistance, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many contents are indexed.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<int> Count();
}
