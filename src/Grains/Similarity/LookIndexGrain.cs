using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Indexing;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// One shard of the look-alike index: its embeddings in memory (<see cref="PackedVectors"/>, about 560 bytes each for
/// 512 dimensions), persisted as its own append-only segments. An exact scan answers a query: about a millisecond per
/// ten thousand vectors on one core (docs/vision.md has the figures and where an ANN index would take over).
/// Contents deleted later stay in the index and are filtered by the caller.
/// </summary>
[Reentrant]
public sealed class LookIndexGrain([PersistentState("look-index", StorageNames.Grains)] IPersistentState<SimilarityIndexState> state)
    : IndexShardGrain<LookIndexEntry>(state), ILookIndexGrain
{
    private readonly PackedVectors vectors = new();

    /// <inheritdoc />
    public Task Add(List<LookIndexEntry> entries) => AddEntries(entries);

    /// <inheritdoc />
    public Task<LookIndexEntry?> VectorOf(string sha256, CancellationToken cancellationToken = default) => Task.FromResult(vectors.Get(sha256));

    /// <inheritdoc />
    public Task<List<LookAlike>> FindLike(LookIndexEntry query, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(vectors.FindLike(query, limit));

    /// <inheritdoc />
    public Task<(int Count, long Bytes)> Size() => Task.FromResult((vectors.Count, vectors.Bytes));

    /// <inheritdoc />
    protected override bool IsHeld(LookIndexEntry entry) => vectors.Contains(entry);

    /// <inheritdoc />
    protected override void Apply(LookIndexEntry entry) => vectors.Put(entry);
}
