using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Indexing;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// One shard of the perceptual-hash index: its hashes in memory (<see cref="PackedHashes"/>, about 48 bytes each), persisted as
/// its own append-only segments, which it alone reads when it activates (<see cref="IndexShardGrain{TEntry}"/>). A content
/// may hold more than one hash (reprocessed by a newer hash version); an entry already held is not stored again.
/// Contents deleted later stay in the index and are filtered by the caller.
/// </summary>
[Reentrant]
public sealed class SimilarityIndexGrain([PersistentState("hash-index", StorageNames.Grains)] IPersistentState<SimilarityIndexState> state)
    : IndexShardGrain<HashIndexEntry>(state), ISimilarityIndexGrain
{
    private readonly PackedHashes hashes = new();

    /// <inheritdoc />
    public Task Add(List<HashIndexEntry> entries) => AddEntries(entries);

    /// <inheritdoc />
    public Task<List<SimilarContent>> FindNear(ulong hash, int maxDistance, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(hashes.FindNear(hash, maxDistance, limit));

    /// <inheritdoc />
    public Task<int> Count() => Task.FromResult(hashes.Count);

    // The hash index keeps the segment grain type of earlier versions, so their data is read as it is.
    /// <inheritdoc />
    protected override Task<List<HashIndexEntry>> SegmentEntries(long number) => GrainFactory.GetGrain<IHashIndexSegmentGrain>(SegmentKey(number)).Entries();

    /// <inheritdoc />
    protected override Task AppendToSegment(long number, List<HashIndexEntry> entries) => GrainFactory.GetGrain<IHashIndexSegmentGrain>(SegmentKey(number)).Append(entries);

    /// <inheritdoc />
    protected override object KeyOf(HashIndexEntry entry) => entry;

    /// <inheritdoc />
    protected override bool IsHeld(HashIndexEntry entry) => hashes.Contains(entry.Sha256, entry.Hash);

    // A hand-over retried after its answer was lost may have stored an entry twice: the first is kept.
    /// <inheritdoc />
    protected override void Apply(HashIndexEntry entry)
    {
        if (!hashes.Contains(entry.Sha256, entry.Hash))
        {
            hashes.Add(entry.Sha256, entry.Hash);
        }
    }
}
