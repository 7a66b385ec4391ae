using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Similarity;

/// <summary>Persists one segment of the perceptual-hash index.</summary>
public sealed class HashIndexSegmentGrain(
    [PersistentState("hash-index-segment", StorageNames.Grains)] IPersistentState<HashIndexSegmentState> state) : Grain, IHashIndexSegmentGrain
{
    /// <inheritdoc />
    public async Task Append(List<HashIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (state.State.Entries.Count + entries.Count > SimilarityIndexLayout.SegmentSize)
        {
            throw new InvalidOperationException($"Hash index segment {this.GetPrimaryKeyLong()} would overflow.");
        }

        state.State.Entries.AddRange(entries);
        await state.WriteOrReloadAsync(this);
        ReleaseWhenFull();
    }

    /// <inheritdoc />
    public Task<List<HashIndexEntry>> Entries()
    {
        ReleaseWhenFull();
        return Task.FromResult(state.State.Entries);
    }

    // A full segment is read once, by its shard when it activates: it need not keep its entries (strings) in memory too.
    private void ReleaseWhenFull()
    {
        if (state.State.Entries.Count >= SimilarityIndexLayout.SegmentSize)
        {
            DeactivateOnIdle();
        }
    }
}
