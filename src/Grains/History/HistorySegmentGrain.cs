using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.History;

/// <summary>Holds one segment of a history partition; its state never exceeds <see cref="HistoryLayout.SegmentSize"/> entries.</summary>
public sealed class HistorySegmentGrain(
    [PersistentState("history-segment", StorageNames.Grains)] IPersistentState<HistorySegmentState> state) : Grain, IHistorySegmentGrain
{
    private List<HistoryEntry> Entries => state.State.Entries;

    /// <inheritdoc />
    public async Task<int> Append(List<HistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var existing = Entries.Count;
        var key = this.GetPrimaryKeyLong();
        if (existing + entries.Count > HistoryLayout.SegmentSize)
        {
            throw new InvalidOperationException($"History segment {key} is full.");
        }

        // The segment numbers its entries itself: its stored count is the truth, also after a write whose answer was lost.
        var first = (HistoryLayout.SegmentNumberOf(key) * HistoryLayout.SegmentSize) + existing;
        var partition = HistoryLayout.PartitionOfSegment(key);
        Entries.AddRange(entries.Select((entry, i) => entry with { Sequence = first + i, Partition = partition }));
        try
        {
            await state.WriteOrReloadAsync(this);
        }
        catch
        {
            Entries.RemoveRange(existing, entries.Count);
            throw;
        }

        return Entries.Count;
    }

    /// <inheritdoc />
    public Task<SegmentSummary> Summary() =>
        Task.FromResult(Entries.Count == 0 ? new SegmentSummary(0, 0, 0) : new SegmentSummary(Entries.Count, Entries[0].OrderKey, Entries[^1].OrderKey));

    /// <inheritdoc />
    public async Task<bool> MarkDeleted(int offset, string imageId)
    {
        if (offset < 0 || offset >= Entries.Count || Entries[offset].ImageId != imageId || !state.State.Deleted.Add(offset))
        {
            return false;
        }

        await state.WriteOrReloadAsync(this);
        return true;
    }

    /// <inheritdoc />
    public Task<HistoryEntry?> Find(string imageId) => Task.FromResult(Entries.FindLast(e => e.ImageId == imageId));

    /// <inheritdoc />
    public Task<List<HistoryEntry>> ReadNewest(int beforeOffset, int skipLive, int take)
    {
        var found = new List<HistoryEntry>(Math.Max(0, Math.Min(take, HistoryLayout.SegmentSize)));
        for (var offset = Math.Min(beforeOffset, Entries.Count) - 1; offset >= 0 && found.Count < take; offset--)
        {
            if (!IsLive(offset))
            {
                continue;
            }

            if (skipLive > 0)
            {
                skipLive--;
                continue;
            }

            found.Add(Entries[offset]);
        }

        return Task.FromResult(found);
    }

    /// <inheritdoc />
    public Task<List<HistoryEntry>> ReadOlderThan(long key, int take) => ReadNewest(FirstAtOrAbove(key), 0, take);

    /// <inheritdoc />
    public Task<List<int>> CountNewerThan(List<long> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var counts = new List<int>(keys.Count);
        foreach (var key in keys)
        {
            var count = 0;
            for (var offset = FirstAtOrAbove(key + 1); offset < Entries.Count; offset++)
            {
                count += IsLive(offset) ? 1 : 0;
            }

            counts.Add(count);
        }

        return Task.FromResult(counts);
    }

    /// <inheritdoc />
    public Task<List<HistoryEntry>> ReadFrom(int offset) => Task.FromResult(Entries.Skip(Math.Max(0, offset)).ToList());

    private bool IsLive(int offset) => !state.State.Deleted.Contains(offset);

    // Keys rise with the offset: the first offset whose key is at least `key` (binary search).
    private int FirstAtOrAbove(long key)
    {
        int low = 0, high = Entries.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Entries[middle].OrderKey < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
