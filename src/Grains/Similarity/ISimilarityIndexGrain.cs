using Orleans.Concurrency;

namespace ImgProcess.Grains.Similarity;

/// <summary>One shard of the perceptual-hash index (key: the shard number); <see cref="SimilarityIndex"/> spreads over them.</summary>
public interface ISimilarityIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Indexes contents' hashes, durably when it returns; a content already indexed with the same hash is left as it is.</summary>
    Task Add(List<HashIndexEntry> entries);

    /// <summary>Contents within <paramref name="maxDistance"/> of <paramref name="hash"/>, nearest first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<List<SimilarContent>> FindNear(ulong hash, int maxDistance, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many contents the shard holds.</summary>
    [ReadOnly]
    Task<int> Count();
}
