using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Similarity;

/// <summary>The perceptual-hash index as callers see it: adds go to each content's shard, queries ask every shard at once and merge.</summary>
public sealed class SimilarityIndex(IGrainFactory grains, IOptions<SimilarityOptions> options)
{
    private int Shards => options.Value.Shards;

    /// <summary>Indexes <paramref name="entries"/>, each in its content's shard; durable when it returns.</summary>
    public Task AddAsync(IEnumerable<HashIndexEntry> entries) =>
        Task.WhenAll(entries.GroupBy(e => SimilarityIndexLayout.ShardOf(e.Sha256, Shards)).Select(g => Shard(g.Key).Add(g.ToList())));

    /// <summary>Contents within <paramref name="maxDistance"/> of <paramref name="hash"/>, nearest first (ties by SHA-256), at most <paramref name="limit"/>.</summary>
    public async Task<List<SimilarContent>> FindNearAsync(ulong hash, int maxDistance, int limit, CancellationToken cancellationToken = default)
    {
        var found = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => Shard(s).FindNear(hash, maxDistance, limit, cancellationToken)));

        // A content is in one shard, except one indexed before sharding (shard 0 then) and again since: keep it once.
        return found.SelectMany(f => f)
            .OrderBy(f => f.Distance).ThenBy(f => f.Sha256, StringComparer.Ordinal)
            .DistinctBy(f => f.Sha256)
            .Take(limit)
            .ToList();
    }

    /// <summary>How many hashes the shards hold together.</summary>
    public async Task<long> CountAsync() => (await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => Shard(s).Count()))).Sum(c => (long)c);

    /// <summary>The shard grain <paramref name="number"/>.</summary>
    public ISimilarityIndexGrain Shard(int number) => grains.GetGrain<ISimilarityIndexGrain>(number);
}
