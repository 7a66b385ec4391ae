using Orleans.Concurrency;

namespace ImgProcess.Grains.TextSearch;

/// <summary>One shard of the text index (key: the shard number, the hash index's shards); <see cref="TextIndex"/> spreads over them.</summary>
public interface ITextIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Indexes contents' words, durably when it returns; a content's newer words replace its older ones.</summary>
    Task Add(List<TextIndexEntry> entries);

    /// <summary>The contents of this shard that have every one of <paramref name="words"/>, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<List<string>> Find(string[] words, int limit, CancellationToken cancellationToken = default);
}
