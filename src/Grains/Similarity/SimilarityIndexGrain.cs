using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// One shard of the perceptual-hash index: its hashes in memory (<see cref="PackedHashes"/>, about 48 bytes each), persisted as
/// its own append-only segments, which it alone reads when it activates. Contents deleted later stay in the index and
/// are filtered by the caller.
/// </summary>
[Reentrant]
public sealed class SimilarityIndexGrain : Grain, ISimilarityIndexGrain
{
    private readonly IPersistentState<SimilarityIndexState> state;

    // Reentrant so appends can be grouped while a write is in flight (queries never wait for one); every append goes
    // through here, and its flushes run one at a time.
    private readonly GroupCommit<HashIndexEntry, bool> appends;
    private readonly PackedHashes hashes = new();
    private readonly SegmentedAppender<HashIndexEntry> segments = new(SimilarityIndexLayout.SegmentSize);

    /// <summary>Creates the shard over its persisted state.</summary>
    public SimilarityIndexGrain([PersistentState("hash-index", StorageNames.Grains)] IPersistentState<SimilarityIndexState> state)
    {
        this.state = state;
        appends = new GroupCommit<HashIndexEntry, bool>(async batch =>
        {
            await AppendAsync(batch);
            return [.. batch.Select(_ => true)];
        });
    }

    private int ShardNumber => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await Task.WhenAll(Enumerable.Range(0, (int)state.State.CurrentSegment + 1).Select(n => Segment(n).Entries()));

        // A hand-over retried after its answer was lost may have stored an entry twice: keep the first.
        foreach (var entry in stored.SelectMany(s => s))
        {
            if (!hashes.Contains(entry.Sha256, entry.Hash))
            {
                hashes.Add(entry.Sha256, entry.Hash);
            }
        }

        segments.CountInCurrent = stored[^1].Count;
    }

    /// <inheritdoc />
    public async Task Add(List<HashIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await appends.SubmitAll(entries);
    }

    private async Task AppendAsync(List<HashIndexEntry> entries)
    {
        var fresh = entries.DistinctBy(e => (e.Sha256, e.Hash)).Where(e => !hashes.Contains(e.Sha256, e.Hash)).ToList();
        try
        {
            await segments.AppendAsync(
                fresh,
                rollOver: async () =>
                {
                    state.State.CurrentSegment++;
                    await state.WriteOrReloadAsync(this);
                    segments.CountInCurrent = 0;
                },
                store: async piece =>
                {
                    await Segment(state.State.CurrentSegment).Append(piece);
                    return segments.CountInCurrent + piece.Count;
                },
                // In memory only once stored: a retry after a failed write must not find them already there.
                stored: piece => piece.ForEach(entry => hashes.Add(entry.Sha256, entry.Hash)));
        }
        catch
        {
            // A write's answer may have been lost with the entries stored: the next activation counts from storage.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<List<SimilarContent>> FindNear(ulong hash, int maxDistance, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(hashes.FindNear(hash, maxDistance, limit));

    /// <inheritdoc />
    public Task<int> Count() => Task.FromResult(hashes.Count);

    private IHashIndexSegmentGrain Segment(long number) => GrainFactory.GetGrain<IHashIndexSegmentGrain>(SimilarityIndexLayout.SegmentKey(ShardNumber, number));
}
