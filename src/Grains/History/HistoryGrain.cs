using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Hosting;

namespace ImgProcess.Grains.History;

/// <summary>
/// The history head. It persists only the number of the segment being filled (rewritten once per
/// <see cref="HistoryLayout.SegmentSize"/> uploads); each append writes one bounded segment, and a page read
/// touches at most two segments, so both stay flat as the history grows.
/// </summary>
public sealed class HistoryGrain(
    [PersistentState("history", StorageNames.Grains)] IPersistentState<HistoryHeadState> state) : Grain, IHistoryGrain
{
    private int countInCurrent;

    private long Total => (state.State.CurrentSegment * HistoryLayout.SegmentSize) + countInCurrent;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        countInCurrent = await Segment(state.State.CurrentSegment).Count();
    }

    /// <inheritdoc />
    public async Task<long> Add(HistoryEntry entry)
    {
        if (countInCurrent >= HistoryLayout.SegmentSize)
        {
            state.State.CurrentSegment++;
            await state.WriteOrReloadAsync(this);
            countInCurrent = 0;
        }

        countInCurrent = await Segment(state.State.CurrentSegment).Append(entry);
        return Total - 1;
    }

    /// <inheritdoc />
    public async Task<HistorySlice> GetNewest(long skip, int take)
    {
        var total = Total;
        var newest = total - 1 - Math.Max(0, skip);
        var oldest = Math.Max(0, newest - Math.Max(0, take) + 1);
        if (newest < 0 || take <= 0)
        {
            return new HistorySlice(total, []);
        }

        var reads = new List<Task<List<HistoryEntry>>>();
        for (var segment = HistoryLayout.SegmentOf(newest); segment >= HistoryLayout.SegmentOf(oldest); segment--)
        {
            var first = Math.Max(oldest, segment * HistoryLayout.SegmentSize);
            var last = Math.Min(newest, ((segment + 1) * HistoryLayout.SegmentSize) - 1);
            reads.Add(Segment(segment).Range(HistoryLayout.OffsetOf(first), (int)(last - first) + 1));
        }

        var entries = new List<HistoryEntry>(take);
        foreach (var range in await Task.WhenAll(reads))
        {
            range.Reverse();
            entries.AddRange(range);
        }

        return new HistorySlice(total, entries);
    }

    private IHistorySegmentGrain Segment(long number) => GrainFactory.GetGrain<IHistorySegmentGrain>(number);
}
