using ImgProcess.Grains.Similarity;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.TextSearch;

/// <summary>
/// The text index as callers see it: a content's words go to its shard (the hash index's layout, so no central grain);
/// a query asks every shard at once for the contents that have all its words.
/// </summary>
public sealed class TextIndex(IGrainFactory grains, IOptions<SimilarityOptions> options)
{
    /// <summary>
    /// The most contents one query collects (an equal share from each shard; the newest uploads among them are listed):
    /// bounds what one search costs, since every match's uploads are read to order them.
    /// </summary>
    public const int MaxMatches = 1_000;

    private int Shards => options.Value.Shards;

    /// <summary>Indexes the words of <paramref name="text"/> for content <paramref name="sha256"/>; durable when it returns.</summary>
    public Task AddAsync(string sha256, string text) =>
        Shard(SimilarityIndexLayout.ShardOf(sha256, Shards)).Add([new TextIndexEntry(sha256, [.. SearchWords.Of(text)])]);

    /// <summary>The contents whose text has every word of <paramref name="query"/> (none when it has no word).</summary>
    public async Task<List<string>> FindAsync(string query, CancellationToken cancellationToken = default)
    {
        string[] words = [.. SearchWords.Of(query)];
        if (words.Length == 0)
        {
            return [];
        }

        var perShard = (MaxMatches + Shards - 1) / Shards;
        var found = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => Shard(s).Find(words, perShard, cancellationToken)));
        return [.. found.SelectMany(f => f).Distinct(StringComparer.Ordinal).Take(MaxMatches)];
    }

    private ITextIndexGrain Shard(int number) => grains.GetGrain<ITextIndexGrain>(number);
}
