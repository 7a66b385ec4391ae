using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Similarity;

/// <summary>The look-alike index as callers see it: a content's embedding goes to its shard (the hash index's layout); a query asks every shard at once and merges.</summary>
public sealed class LookIndex(IGrainFactory grains, IOptions<SimilarityOptions> options)
{
    private int Shards => options.Value.Shards;

    /// <summary>Indexes the embedding <paramref name="vector"/> (unit length) of content <paramref name="sha256"/>; durable when it returns.</summary>
    public Task AddAsync(string sha256, IReadOnlyList<float> vector) =>
        Shard(SimilarityIndexLayout.ShardOf(sha256, Shards)).Add([LookIndexEntry.Of(sha256, vector)]);

    /// <summary>
    /// The <paramref name="limit"/> contents that look most like content <paramref name="sha256"/> (itself first, at 1),
    /// most alike first; null when that content has no embedding in the index.
    /// </summary>
    public async Task<List<LookAlike>?> FindLikeAsync(string sha256, int limit, CancellationToken cancellationToken = default)
    {
        // In its shard; after the shards were raised, an older vector may still be in the one it went to then.
        var query = await Shard(SimilarityIndexLayout.ShardOf(sha256, Shards)).VectorOf(sha256, cancellationToken)
            ?? (await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => Shard(s).VectorOf(sha256, cancellationToken)))).FirstOrDefault(v => v is not null);
        if (query is null)
        {
            return null;
        }

        var found = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => Shard(s).FindLike(query, limit, cancellationToken)));
        return [.. found.SelectMany(f => f).OrderByDescending(f => f.Similarity).ThenBy(f => f.Sha256, StringComparer.Ordinal).DistinctBy(f => f.Sha256).Take(limit)];
    }

    /// <summary>How many embeddings the shards hold together, and the bytes they hold them in.</summary>
    public async Task<(long Count, long Bytes)> SizeAsync()
    {
        var sizes = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => Shard(s).Size()));
        return (sizes.Sum(s => (long)s.Count), sizes.Sum(s => s.Bytes));
    }

    private ILookIndexGrain Shard(int number) => grains.GetGrain<ILookIndexGrain>(number);
}
