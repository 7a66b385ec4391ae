using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Indexing;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// One shard of the look-alike index: its embeddings in memory (<see cref="PackedVectors"/>, about 560 bytes each for
/// 512 dimensions), persisted as its own append-only segments. An exact scan answers a query: about a millisecond per
/// ten thousand vectors on one core (docs/vision.md has the figures and where an ANN index would take over).
/// Contents deleted later stay in the index and are filtered by the caller.
/// </summary>
[Reentrant]
public sealed partial class LookIndexGrain(
    [PersistentState("look-index", StorageNames.Grains)] IPersistentState<SimilarityIndexState> state,
    ILogger<LookIndexGrain> logger)
    : IndexShardGrain<LookIndexEntry>(state), ILookIndexGrain
{
    /// <summary>Vectors per persisted segment: 128 × about 520 bytes.</summary>
    public const int VectorsPerSegment = 128;

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
    protected override int SegmentSize => VectorsPerSegment;

    /// <inheritdoc />
    protected override object KeyOf(LookIndexEntry entry) => entry.Sha256;

    /// <inheritdoc />
    protected override bool IsHeld(LookIndexEntry entry) => vectors.Contains(entry);

    /// <inheritdoc />
    protected override void Apply(LookIndexEntry entry)
    {
        if (!vectors.Put(entry))
        {
            LogRefused(entry.Sha256, entry.Components.Length, vectors.Dimensions);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Look-alike index: the vector of {Sha256} has {Dimensions} dimensions where the shard holds {Held}; it cannot be searched (reprocess every image after changing the embedding model)")]
    private partial void LogRefused(string sha256, int dimensions, int held);
}
