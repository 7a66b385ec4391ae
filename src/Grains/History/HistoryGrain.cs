using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using Orleans.Concurrency;

namespace ImgProcess.Grains.History;

/// <summary>
/// The history head. It persists only the segment being filled (rewritten once per <see cref="HistoryLayout.SegmentSize"/>
/// uploads) and the deletions per segment (rewritten on delete); each append writes one bounded segment. To find a
/// page it counts live entries per segment from that small state, then reads only the segments the page lies in,
/// so both appending and paging stay flat as the history grows.
/// </summary>
[Reentrant]
public sealed class HistoryGrain : Grain, IHistoryGrain, IDisposable
{
    private readonly IPersistentState<HistoryHeadState> state;
    private readonly GroupCommit<HistoryEntry, long> appends;

    // Reentrant so appends can be grouped while a write is in flight. Appends all go through the group commit, whose
    // flushes run one at a time; this lock keeps a deletion's head write apart from an append's segment roll-over.
    private readonly SemaphoreSlim writes = new(1, 1);
    private int countInCurrent;
    private long deletedTotal;

    /// <summary>Creates the head over its persisted state.</summary>
    public HistoryGrain([PersistentState("history", StorageNames.Grains)] IPersistentState<HistoryHeadState> state)
    {
        this.state = state;
        appends = new GroupCommit<HistoryEntry, long>(async batch =>
        {
            await writes.WaitAsync();
            try
            {
                return await AppendAsync(batch);
            }
            catch
            {
                // What the segments hold may now differ from what this activation counted (a write that committed but
                // whose answer was lost): the next activation counts again from storage.
                DeactivateOnIdle();
                throw;
            }
            finally
            {
                writes.Release();
            }
        });
    }

    private long RawTotal => (state.State.CurrentSegment * HistoryLayout.SegmentSize) + countInCurrent;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        countInCurrent = await Segment(state.State.CurrentSegment).Count();
        deletedTotal = state.State.DeletedPerSegment.Values.Sum(v => (long)v);
    }

    /// <inheritdoc />
    public void Dispose() => writes.Dispose();

    /// <inheritdoc />
    public Task<long> Add(HistoryEntry entry) => appends.Submit(entry);

    /// <inheritdoc />
    public async Task<long> AddRange(List<HistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? RawTotal : (await appends.SubmitAll(entries))[0];
    }

    /// <inheritdoc />
    public async Task RemoveRecent(string imageId)
    {
        // An entry whose append failed for its caller can only be in the newest segments.
        for (var segment = state.State.CurrentSegment; segment >= Math.Max(0, state.State.CurrentSegment - 1); segment--)
        {
            var offset = await Segment(segment).FindLive(imageId);
            if (offset >= 0)
            {
                await Remove((segment * HistoryLayout.SegmentSize) + offset, imageId);
                return;
            }
        }
    }

    // Returns each entry's sequence number, as its segment numbered it.
    private async Task<IReadOnlyList<long>> AppendAsync(List<HistoryEntry> entries)
    {
        var sequences = new List<long>(entries.Count);
        while (sequences.Count < entries.Count)
        {
            if (countInCurrent >= HistoryLayout.SegmentSize)
            {
                // The next segment is normally empty; it holds entries when an earlier activation rolled over, appended
                // and then failed to write the head (it deactivated, and this one started from the stored head).
                var nextSegment = state.State.CurrentSegment + 1;
                var alreadyInNext = await Segment(nextSegment).Count();

                // Both before the write, so a read interleaved with it (the grain is reentrant) sees a consistent total.
                state.State.CurrentSegment = nextSegment;
                countInCurrent = alreadyInNext;
                await state.WriteOrReloadAsync(this);
                continue;
            }

            var batch = entries.GetRange(sequences.Count, Math.Min(HistoryLayout.SegmentSize - countInCurrent, entries.Count - sequences.Count));
            countInCurrent = await Segment(state.State.CurrentSegment).Append(batch);
            var first = (state.State.CurrentSegment * HistoryLayout.SegmentSize) + countInCurrent - batch.Count;
            sequences.AddRange(Enumerable.Range(0, batch.Count).Select(i => first + i));
        }

        return sequences;
    }

    /// <inheritdoc />
    public async Task Remove(long sequence, string imageId)
    {
        if (sequence < 0 || sequence >= RawTotal)
        {
            return;
        }

        var segment = HistoryLayout.SegmentOf(sequence);
        await writes.WaitAsync();
        try
        {
            if (await Segment(segment).MarkDeleted(HistoryLayout.OffsetOf(sequence), imageId))
            {
                state.State.DeletedPerSegment[segment] = state.State.DeletedPerSegment.GetValueOrDefault(segment) + 1;
                deletedTotal++;
                await state.WriteOrReloadAsync(this);
            }
        }
        finally
        {
            writes.Release();
        }
    }

    /// <inheritdoc />
    public async Task<HistorySlice> GetNewest(long skip, int take, CancellationToken cancellationToken = default)
    {
        var (segment, skipInSegment) = Locate(Math.Max(0, skip));
        return new HistorySlice(RawTotal - deletedTotal, await CollectAsync(segment, RawIn(segment), skipInSegment, take));
    }

    // Finds the segment holding the live entry `skip` places below the newest, and how many live entries to skip in it.
    // Segments without deletions are full, so runs of them are jumped arithmetically: the cost grows with the number
    // of segments that have deletions, not with the length of the history.
    private (long Segment, int Skip) Locate(long skip)
    {
        var segment = state.State.CurrentSegment;
        var withDeletions = state.State.DeletedPerSegment.Keys.Where(k => k < segment).OrderDescending().GetEnumerator();
        var nextDeleted = withDeletions.MoveNext() ? withDeletions.Current : -1;
        while (segment >= 0)
        {
            if (segment == state.State.CurrentSegment || segment == nextDeleted)
            {
                if (skip < LiveIn(segment))
                {
                    return (segment, (int)skip);
                }

                skip -= LiveIn(segment);
                if (segment == nextDeleted)
                {
                    nextDeleted = withDeletions.MoveNext() ? withDeletions.Current : -1;
                }

                segment--;
                continue;
            }

            var fullRun = segment - nextDeleted;
            if (skip < fullRun * HistoryLayout.SegmentSize)
            {
                return (segment - (skip / HistoryLayout.SegmentSize), (int)(skip % HistoryLayout.SegmentSize));
            }

            skip -= fullRun * HistoryLayout.SegmentSize;
            segment = nextDeleted;
        }

        return (-1, 0);
    }

    /// <inheritdoc />
    public async Task<HistorySlice> GetBefore(long sequence, int take, CancellationToken cancellationToken = default)
    {
        sequence = Math.Clamp(sequence, 0, RawTotal);
        var segment = HistoryLayout.SegmentOf(sequence);
        var offset = HistoryLayout.OffsetOf(sequence);
        if (offset == 0)
        {
            segment--;
            offset = HistoryLayout.SegmentSize;
        }

        return new HistorySlice(RawTotal - deletedTotal, await CollectAsync(segment, offset, 0, take));
    }

    // Reads live entries newest first, starting below `beforeOffset` in `segment` and continuing into older segments.
    private async Task<List<HistoryEntry>> CollectAsync(long segment, int beforeOffset, int skipLive, int take)
    {
        var entries = new List<HistoryEntry>(Math.Max(0, take));
        while (segment >= 0 && entries.Count < take)
        {
            if (LiveIn(segment) > 0)
            {
                entries.AddRange(await Segment(segment).ReadNewest(beforeOffset, skipLive, take - entries.Count));
            }

            skipLive = 0;
            segment--;
            beforeOffset = HistoryLayout.SegmentSize;
        }

        return entries;
    }

    private int RawIn(long segment) => segment == state.State.CurrentSegment ? countInCurrent : HistoryLayout.SegmentSize;

    private int LiveIn(long segment) => RawIn(segment) - state.State.DeletedPerSegment.GetValueOrDefault(segment);

    private IHistorySegmentGrain Segment(long number) => GrainFactory.GetGrain<IHistorySegmentGrain>(number);
}
