using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.History;

/// <summary>Holds one segment of the history; its state never exceeds <see cref="HistoryLayout.SegmentSize"/> entries.</summary>
public sealed class HistorySegmentGrain(
    [PersistentState("history-segment", StorageNames.Grains)] IPersistentState<HistorySegmentState> state) : Grain, IHistorySegmentGrain
{
    /// <inheritdoc />
    public async Task<int> Append(List<HistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var existing = state.State.Entries.Count;
        if (existing + entries.Count > HistoryLayout.SegmentSize)
        {
            throw new InvalidOperationException($"History segment {this.GetPrimaryKeyLong()} is full.");
        }

        // The segment numbers its entries itself: its stored count is the truth, also after a write whose answer was lost.
        var first = (this.GetPrimaryKeyLong() * HistoryLayout.SegmentSize) + existing;
        state.State.Entries.AddRange(entries.Select((entry, i) => entry with { Sequence = first + i }));
        try
        {
            await state.WriteOrReloadAsync(this);
        }
        catch
        {
            state.State.Entries.RemoveRange(existing, entries.Count);
            throw;
        }

        return state.State.Entries.Count;
    }

    /// <inheritdoc />
    public Task<int> Count() => Task.FromResult(state.State.Entries.Count);

    /// <inheritdoc />
    public async Task<bool> MarkDeleted(int offset, string imageId)
    {
        var entries = state.State.Entries;
        if (offset < 0 || offset >= entries.Count || entries[offset].ImageId != imageId || !state.State.Deleted.Add(offset))
        {
            return false;
        }

        await state.WriteOrReloadAsync(this);
        return true;
    }

    /// <inheritdoc />
    public Task<int> FindLive(string imageId)
    {
        var entries = state.State.Entries;
        for (var offset = entries.Count - 1; offset >= 0; offset--)
        {
            if (entries[offset].ImageId == imageId && !state.State.Deleted.Contains(offset))
            {
                return Task.FromResult(offset);
            }
        }

        return Task.FromResult(-1);
    }

    /// <inheritdoc />
    public Task<List<HistoryEntry>> ReadNewest(int beforeOffset, int skipLive, int take)
    {
        var entries = state.State.Entries;
        var found = new List<HistoryEntry>(Math.Max(0, Math.Min(take, HistoryLayout.SegmentSize)));
        for (var offset = Math.Min(beforeOffset, entries.Count) - 1; offset >= 0 && found.Count < take; offset--)
        {
            if (state.State.Deleted.Contains(offset))
            {
                continue;
            }

            if (skipLive > 0)
            {
                skipLive--;
                continue;
            }

            found.Add(entries[offset]);
        }

        return Task.FromResult(found);
    }
}
