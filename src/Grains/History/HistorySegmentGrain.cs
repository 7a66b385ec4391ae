using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Hosting;

namespace ImgProcess.Grains.History;

/// <summary>Holds one segment of the history; its state never exceeds <see cref="HistoryLayout.SegmentSize"/> entries.</summary>
public sealed class HistorySegmentGrain(
    [PersistentState("history-segment", StorageNames.Grains)] IPersistentState<HistorySegmentState> state) : Grain, IHistorySegmentGrain
{
    /// <inheritdoc />
    public async Task<int> Append(HistoryEntry entry)
    {
        if (state.State.Entries.Count >= HistoryLayout.SegmentSize)
        {
            throw new InvalidOperationException($"History segment {this.GetPrimaryKeyLong()} is full.");
        }

        state.State.Entries.Add(entry);
        try
        {
            await state.WriteOrReloadAsync(this);
        }
        catch
        {
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
            throw;
        }

        return state.State.Entries.Count;
    }

    /// <inheritdoc />
    public Task<int> Count() => Task.FromResult(state.State.Entries.Count);

    /// <inheritdoc />
    public Task<List<HistoryEntry>> Range(int offset, int count)
    {
        var entries = state.State.Entries;
        offset = Math.Clamp(offset, 0, entries.Count);
        count = Math.Clamp(count, 0, entries.Count - offset);
        return Task.FromResult(entries.GetRange(offset, count));
    }
}
