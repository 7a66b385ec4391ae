using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Indexing;
using ImgProcess.Grains.Similarity;
using Orleans.Concurrency;

namespace ImgProcess.Grains.TextSearch;

/// <summary>
/// One shard of the text index: an inverted index in memory (<see cref="InvertedIndex"/>), persisted as the shard's own
/// append-only segments of (content, words). Contents deleted later stay in the index and are filtered by the caller.
/// </summary>
[Reentrant]
public sealed class TextIndexGrain([PersistentState("text-index", StorageNames.Grains)] IPersistentState<SimilarityIndexState> state)
    : IndexShardGrain<TextIndexEntry>(state), ITextIndexGrain
{
    /// <summary>Contents per persisted segment: 256 × their words.</summary>
    public const int ContentsPerSegment = 256;

    private readonly InvertedIndex index = new();

    /// <inheritdoc />
    public Task Add(List<TextIndexEntry> entries) => AddEntries(entries);

    /// <inheritdoc />
    public Task<List<string>> Find(string[] words, int limit, CancellationToken cancellationToken = default) => Task.FromResult(index.Find(words, limit));

    /// <inheritdoc />
    protected override int SegmentSize => ContentsPerSegment;

    /// <inheritdoc />
    protected override object KeyOf(TextIndexEntry entry) => entry.Sha256;

    /// <inheritdoc />
    protected override bool IsHeld(TextIndexEntry entry) => index.Contains(entry);

    /// <inheritdoc />
    protected override void Apply(TextIndexEntry entry) => index.Put(entry);
}
