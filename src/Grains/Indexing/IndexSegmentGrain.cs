using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Indexing;

/// <summary>
/// Persists one segment of an index shard. Each index has its own subclass, whose state name keeps its rows apart (state
/// rows are keyed by name and key); the hash index's keeps the state type of earlier versions.
/// </summary>
/// <typeparam name="TEntry">The index's entry.</typeparam>
/// <typeparam name="TState">The persisted state holding the entries.</typeparam>
public abstract class IndexSegmentGrain<TEntry, TState>(IPersistentState<TState> state) : Grain
    where TState : ISegmentEntries<TEntry>
{
    /// <summary>Entries a segment holds (the shard's <see cref="IndexShardGrain{TEntry}.SegmentSize"/>).</summary>
    protected virtual int Capacity => SimilarityIndexLayout.SegmentSize;

    /// <summary>Appends entries; the caller never passes more than fit.</summary>
    public async Task Append(List<TEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (state.State.Entries.Count + entries.Count > Capacity)
        {
            throw new InvalidOperationException($"Index segment {this.GetPrimaryKeyLong()} would overflow.");
        }

        state.State.Entries.AddRange(entries);
        await state.WriteOrReloadAsync(this);
        ReleaseWhenFull();
    }

    /// <summary>All entries of the segment.</summary>
    public Task<List<TEntry>> Entries()
    {
        ReleaseWhenFull();
        return Task.FromResult(state.State.Entries);
    }

    // A full segment is read once, by its shard when it activates: it need not stay in memory too.
    private void ReleaseWhenFull()
    {
        if (state.State.Entries.Count >= Capacity)
        {
            DeactivateOnIdle();
        }
    }
}

/// <summary>A segment of the look-alike or text index, its entries in <see cref="IndexSegmentState{TEntry}"/>.</summary>
/// <typeparam name="TEntry">The index's entry.</typeparam>
public abstract class IndexSegmentGrain<TEntry>(IPersistentState<IndexSegmentState<TEntry>> state)
    : IndexSegmentGrain<TEntry, IndexSegmentState<TEntry>>(state), IIndexSegmentGrain<TEntry>;
