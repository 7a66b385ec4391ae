using Orleans.Concurrency;

namespace ImgProcess.Grains.Similarity;

/// <summary>One shard of the look-alike index (key: the shard number, the hash index's shards); <see cref="LookIndex"/> spreads over them.</summary>
public interface ILookIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Indexes contents' embeddings, durably when it returns; a content's newer embedding replaces its older one.</summary>
    Task Add(List<LookIndexEntry> entries);

    /// <summary>The stored embedding of a content of this shard, or null.</summary>
    [ReadOnly]
    Task<LookIndexEntry?> VectorOf(string sha256, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="limit"/> contents most like <paramref name="query"/>, most alike first.</summary>
    [ReadOnly]
    Task<List<LookAlike>> FindLike(LookIndexEntry query, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many contents the shard holds, and the bytes it holds them in.</summary>
    [ReadOnly]
    Task<(int Count, long Bytes)> Size();
}
