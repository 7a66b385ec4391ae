using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Indexing;

/// <summary>
/// One shard of an index kept in memory over append-only persisted segments of its own, laid out as the hash index
/// (<see cref="SimilarityIndexLayout"/>): it reads its segments when it activates, and appends are grouped while a
/// write is in flight (subclasses are reentrant, so queries never wait for one). An entry is applied in memory only
/// once stored; later entries for the same content replace earlier ones.
/// </summary>
/// <typeparam name="TEntry">The index's entry.</typeparam>
public abstract class IndexShardGrain<TEntry> : Grain
{
    private readonly IPersistentState<SimilarityIndexState> state;
    private readonly GroupCommit<TEntry, bool> appends;
    private SegmentedAppender<TEntry>? segments;

    /// <summary>Creates the shard over its persisted state (which segment takes the next entries).</summary>
    protected IndexShardGrain(IPersistentState<SimilarityIndexState> state)
    {
        this.state = state;
        appends = new GroupCommit<TEntry, bool>(async batch =>
        {
            await AppendAsync(batch);
            return [.. batch.Select(_ => true)];
        });
    }

    private int ShardNumber => (int)this.GetPrimaryKeyLong();

    private SegmentedAppender<TEntry> Segments => segments ??= new SegmentedAppender<TEntry>(SegmentSize);

    /// <summary>
    /// Entries per persisted segment: a segment is rewritten whole on every append, so large entries (vectors, words)
    /// get smaller segments than the hash index's.
    /// </summary>
    protected virtual int SegmentSize => SimilarityIndexLayout.SegmentSize;

    /// <summary>What makes two entries the same (only the last of a batch is stored).</summary>
    protected abstract object KeyOf(TEntry entry);

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await Task.WhenAll(Enumerable.Range(0, (int)state.State.CurrentSegment + 1).Select(n => SegmentEntries(n)));
        foreach (var entry in stored.SelectMany(s => s))
        {
            Apply(entry);
        }

        Segments.CountInCurrent = stored[^1].Count;
    }

    /// <summary>Stores <paramref name="entries"/> (those that change something) and applies them; durable when it returns.</summary>
    protected Task AddEntries(List<TEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return appends.SubmitAll(entries);
    }

    /// <summary>True when <paramref name="entry"/> would change nothing held (already applied as it is).</summary>
    protected abstract bool IsHeld(TEntry entry);

    /// <summary>Puts a stored entry in memory, replacing an earlier one of the same content.</summary>
    protected abstract void Apply(TEntry entry);

    private async Task AppendAsync(List<TEntry> entries)
    {
        var fresh = entries.GroupBy(KeyOf).Select(g => g.Last()).Where(e => !IsHeld(e)).ToList();
        try
        {
            await Segments.AppendAsync(
                fresh,
                rollOver: async () =>
                {
                    state.State.CurrentSegment++;
                    await state.WriteOrReloadAsync(this);
                    Segments.CountInCurrent = 0;
                },
                store: async piece =>
                {
                    await AppendToSegment(state.State.CurrentSegment, piece);
                    return Segments.CountInCurrent + piece.Count;
                },
                stored: piece => piece.ForEach(Apply));
        }
        catch
        {
            // A write's answer may have been lost with the entries stored: the next activation counts from storage.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>The entries of this shard's segment <paramref name="number"/>.</summary>
    protected virtual Task<List<TEntry>> SegmentEntries(long number) => Segment(number).Entries();

    /// <summary>Appends <paramref name="entries"/> to this shard's segment <paramref name="number"/>.</summary>
    protected virtual Task AppendToSegment(long number, List<TEntry> entries) => Segment(number).Append(entries);

    /// <summary>The key of this shard's segment <paramref name="number"/>.</summary>
    protected long SegmentKey(long number) => SimilarityIndexLayout.SegmentKey(ShardNumber, number);

    private IIndexSegmentGrain<TEntry> Segment(long number) => GrainFactory.GetGrain<IIndexSegmentGrain<TEntry>>(SegmentKey(number));
}
