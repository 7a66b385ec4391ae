using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Indexing;

/// <summary>
/// Persists one segment of an index shard (the look-alike and text indexes; the hash index keeps its own older type).
/// Each index has its own subclass, whose state name keeps its rows apart (state rows are keyed by name and key).
/// </summary>
/// <typeparam name="TEntry">The index's entry.</typeparam>
public abstract class IndexSegmentGrain<TEntry>(IPersistentState<IndexSegmentState<TEntry>> state) : Grain, IIndexSegmentGrain<TEntry>
{
    /// <summary>Entries a segment holds (the shard's <see cref="IndexShardGrain{TEntry}.SegmentSize"/>).</summary>
    protected virtual int Capacity => SimilarityIndexLayout.SegmentSize;

    /// <inheritdoc />
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

    /// <inheritdoc />
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
