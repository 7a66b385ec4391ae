using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace ImgProcess.Grains.History;

/// <summary>
/// A history partition's head. It persists only the segment being filled (rewritten once per
/// <see cref="HistoryLayout.SegmentSize"/> uploads), the deletions and the last key per segment; each append writes one
/// bounded segment. Pages are found from that small state (live counts per segment, keys per segment) and only the
/// segments a page lies in are read, so appending and paging stay flat as the partition grows. An upload is in one
/// partition (<see cref="HistoryLayout.PartitionOf"/>) at most once: <see cref="Add"/> is idempotent by image id, so a
/// caller whose answer was lost simply calls again.
/// </summary>
[Reentrant]
public sealed class HistoryGrain : Grain, IHistoryGrain, IDisposable
{
    private readonly IPersistentState<HistoryHeadState> state;
    private readonly GroupCommit<HistoryEntry, HistoryPosition> appends;
    private readonly IndexHandOver handOver;

    private readonly RecentEntries recent = new();

    // Reentrant so appends can be grouped while a write is in flight. Appends all go through the group commit, whose
    // flushes run one at a time; this lock keeps a deletion's head write apart from an append's segment roll-over.
    private readonly SemaphoreSlim writes = new(1, 1);
    private readonly SegmentedAppender<HistoryEntry> segments = new(HistoryLayout.SegmentSize);
    private long deletedTotal;
    private long firstKey;
    private long lastKey;

    private readonly TimeProvider time;

    /// <summary>The key of the clock that gives entries their keys (the system's; tests set it back).</summary>
    public const string ClockKey = "history";

    /// <summary>Creates the partition head over its persisted state.</summary>
    public HistoryGrain(
        [PersistentState("history", StorageNames.Grains)] IPersistentState<HistoryHeadState> state,
        SimilarityIndex index,
        [FromKeyedServices(ClockKey)] TimeProvider time,
        ILogger<HistoryGrain> logger)
    {
        this.state = state;
        this.time = time;
        handOver = new IndexHandOver(index, this, logger);
        appends = new GroupCommit<HistoryEntry, HistoryPosition>(async batch =>
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

    private int Partition => (int)this.GetPrimaryKeyLong();

    private long RawTotal => (state.State.CurrentSegment * HistoryLayout.SegmentSize) + segments.CountInCurrent;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var current = await Segment(state.State.CurrentSegment).Summary();
        segments.CountInCurrent = current.Count;
        deletedTotal = state.State.DeletedPerSegment.Values.Sum(v => (long)v);
        lastKey = current.Count > 0 ? current.LastKey : state.State.CurrentSegment > 0 ? LastKeyOf(state.State.CurrentSegment - 1) : 0;
        firstKey = state.State.CurrentSegment == 0 ? current.FirstKey : (await Segment(0).Summary()).FirstKey;

        // Each segment read once: the newest ones give the recent entries, and those from where the hand-over to the
        // similarity index may not have finished before the last activation ended are handed over again.
        var oldestRecent = OldestRecentSegment();
        recent.ForgetBefore(oldestRecent, FloorOf(oldestRecent));
        var from = state.State.IndexedThrough ?? (state.RecordExists ? state.State.CurrentSegment * HistoryLayout.SegmentSize : 0);
        var handOverFrom = from < RawTotal ? HistoryLayout.SegmentOf(from) : long.MaxValue;
        for (var segment = Math.Min(oldestRecent, handOverFrom); segment <= state.State.CurrentSegment; segment++)
        {
            var entries = await Segment(segment).ReadFrom(0);
            if (segment >= oldestRecent)
            {
                recent.Remember(entries);
            }

            if (segment >= handOverFrom)
            {
                var offset = segment == handOverFrom ? HistoryLayout.OffsetOf(from) : 0;
                handOver.Start((segment * HistoryLayout.SegmentSize) + offset, entries.Skip(offset));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        writes.Dispose();
        handOver.Dispose();
    }

    /// <inheritdoc />
    public async Task<HistoryPosition> Add(HistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (recent.TryGet(entry.ImageId, out var known))
        {
            return known;
        }

        // An upload whose entry may be older than those held in memory (a retry long after its first add) is looked up.
        if (HistoryLayout.KeyAt(entry.UploadedAt - ClockSkew, 0) < recent.Floor && await FindAsync(entry.ImageId, entry.UploadedAt) is { } found)
        {
            return found;
        }

        return await appends.Submit(entry);
    }

    /// <inheritdoc />
    public async Task<HistoryPosition?> AddRange(List<HistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? null : (await appends.SubmitAll(entries))[0];
    }

    /// <inheritdoc />
    public Task<HistoryPosition?> Find(string imageId, DateTimeOffset uploadedAt, CancellationToken cancellationToken = default) =>
        recent.TryGet(imageId, out var known) ? Task.FromResult<HistoryPosition?>(known) : FindAsync(imageId, uploadedAt);

    /// <inheritdoc />
    public async Task Remove(string imageId, DateTimeOffset uploadedAt)
    {
        if (await Find(imageId, uploadedAt) is { } position)
        {
            await Remove(position.Sequence, imageId);
        }
    }

    // How far an entry's key may lie from its upload time: before it by the difference of the gateway's and this silo's
    // clocks, after it by the upload's deadline (at most 30 min) and the clock difference.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LatestAdd = TimeSpan.FromHours(1);

    // The entry of `imageId` (live or deleted) among the segments whose keys lie where an add of it could have put it:
    // usually the first segment read holds it.
    private async Task<HistoryPosition?> FindAsync(string imageId, DateTimeOffset uploadedAt)
    {
        if (RawTotal == 0)
        {
            return null;
        }

        var last = HistoryLayout.KeyAt(uploadedAt + LatestAdd, Partition);
        for (var segment = FirstSegmentReaching(HistoryLayout.KeyAt(uploadedAt - ClockSkew, 0)); segment <= state.State.CurrentSegment; segment++)
        {
            if (segment > 0 && LastKeyOf(segment - 1) > last)
            {
                break;
            }

            if (await Segment(segment).Find(imageId) is { } entry)
            {
                return entry.Position;
            }
        }

        return null;
    }

    // An add repeated within one batch (two calls of one upload while a write was in flight) is stored once.
    private async Task<IReadOnlyList<HistoryPosition>> AppendAsync(List<HistoryEntry> batch)
    {
        var entries = batch.Where(e => !recent.Contains(e.ImageId)).DistinctBy(e => e.ImageId).ToList();
        await segments.AppendAsync(
            entries,
            RollOverAsync,
            store: piece => Segment(state.State.CurrentSegment).Append(piece),
            stored: piece =>
            {
                var first = (state.State.CurrentSegment * HistoryLayout.SegmentSize) + segments.CountInCurrent - piece.Count;
                if (state.State.CurrentSegment == 0 && segments.CountInCurrent == piece.Count)
                {
                    firstKey = piece[0].Key; // the partition's first entry (otherwise activation read it from segment 0)
                }

                var stored = piece.Select((e, i) => e with { Sequence = first + i, Partition = Partition }).ToList();
                recent.Remember(stored);
                handOver.Start(first, stored);
            },
            // Keys rise within the partition even if the clock steps back; they keep the partition in their low bits.
            prepare: piece =>
            {
                var now = HistoryLayout.KeyAt(time.GetUtcNow(), Partition);
                return [.. piece.Select(e => e with { Key = lastKey = Math.Max(lastKey + HistoryLayout.MaxPartitions, now) })];
            });
        return [.. batch.Select(e => recent.TryGet(e.ImageId, out var position) ? position : throw new InvalidOperationException($"Entry {e.ImageId} was not stored."))];
    }

    // The oldest segment held in memory: the one before the segment being filled, or older while it has entries of the
    // last few minutes (RecentEntries.Window).
    private long OldestRecentSegment() =>
        Math.Max(0, Math.Min(state.State.CurrentSegment - 1, FirstSegmentReaching(HistoryLayout.KeyAt(time.GetUtcNow() - RecentEntries.Window, 0))));

    // Every key of `segment` and the segments after it lies at or above this.
    private long FloorOf(long segment) => segment == 0 ? long.MinValue : LastKeyOf(segment - 1) + 1;

    private async Task RollOverAsync()
    {
        // The next segment is normally empty; it holds entries when an earlier activation rolled over, appended and then
        // failed to write the head (it deactivated, and this one started from the stored head).
        var nextSegment = state.State.CurrentSegment + 1;
        var alreadyInNext = await Segment(nextSegment).Summary();

        // All before the write, so a read interleaved with it (the grain is reentrant) sees a consistent state.
        state.State.IndexedThrough = handOver.OldestPending ?? RawTotal;
        var keys = state.State.SegmentLastKeys;
        while (keys.Count < state.State.CurrentSegment)
        {
            keys.Add(LastKeyOf(keys.Count));
        }

        keys.Add(lastKey);
        state.State.CurrentSegment = nextSegment;
        segments.CountInCurrent = alreadyInNext.Count;
        lastKey = Math.Max(lastKey, alreadyInNext.LastKey);
        if (alreadyInNext.Count > 0)
        {
            recent.Remember(await Segment(nextSegment).ReadFrom(0));
        }

        var oldestRecent = OldestRecentSegment();
        recent.ForgetBefore(oldestRecent, FloorOf(oldestRecent));
        await state.WriteOrReloadAsync(this);
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
    public Task<HistorySummary> Summary(CancellationToken cancellationToken = default) =>
        Task.FromResult(new HistorySummary(RawTotal - deletedTotal, firstKey, lastKey));

    /// <inheritdoc />
    public async Task<HistorySlice> GetNewest(long skip, int take, CancellationToken cancellationToken = default)
    {
        var (segment, skipInSegment) = HistorySegmentIndex.Locate(state.State, segments.CountInCurrent, Math.Max(0, skip));
        return new HistorySlice(RawTotal - deletedTotal, await CollectAsync(segment, RawIn(segment), skipInSegment, take, []));
    }

    /// <inheritdoc />
    public async Task<HistorySlice> GetOlderThan(long key, int take, CancellationToken cancellationToken = default)
    {
        var total = RawTotal - deletedTotal;
        if (RawTotal == 0 || key <= firstKey)
        {
            return new HistorySlice(total, []);
        }

        var segment = FirstSegmentReaching(key);
        var first = await Segment(segment).ReadOlderThan(key, take);
        return new HistorySlice(total, await CollectAsync(segment - 1, HistoryLayout.SegmentSize, 0, take, first));
    }

    /// <inheritdoc />
    public async Task<List<long>> CountNewerThan(List<long> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var counts = new long[keys.Count];

        // Whole segments above a key's segment are counted from the head's state; the key's own segment is asked, once
        // for all the keys that fall in it (the keys of one search lie close together).
        var bySegment = new Dictionary<long, List<int>>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (RawTotal == 0 || keys[i] >= lastKey)
            {
                continue;
            }

            var segment = FirstSegmentReaching(keys[i] + 1);
            var newerSegments = Math.Max(0, RawTotal - ((segment + 1) * HistoryLayout.SegmentSize));
            counts[i] = newerSegments - state.State.DeletedPerSegment.Where(d => d.Key > segment).Sum(d => (long)d.Value);
            (bySegment.TryGetValue(segment, out var list) ? list : bySegment[segment] = []).Add(i);
        }

        await Task.WhenAll(bySegment.Select(async group =>
        {
            var inSegment = await Segment(group.Key).CountNewerThan([.. group.Value.Select(i => keys[i])]);
            for (var j = 0; j < group.Value.Count; j++)
            {
                counts[group.Value[j]] += inSegment[j];
            }
        }));
        return [.. counts];
    }

    // The oldest segment whose last key is at least `key`; the segment being filled when none is.
    private long FirstSegmentReaching(long key)
    {
        long low = 0, high = state.State.CurrentSegment;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (LastKeyOf(middle) < key)
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

    // Reads live entries newest first, starting below `beforeOffset` in `segment` and continuing into older segments.
    private async Task<List<HistoryEntry>> CollectAsync(long segment, int beforeOffset, int skipLive, int take, List<HistoryEntry> entries)
    {
        while (segment >= 0 && entries.Count < take)
        {
            if (RawIn(segment) - state.State.DeletedPerSegment.GetValueOrDefault(segment) > 0)
            {
                entries.AddRange(await Segment(segment).ReadNewest(beforeOffset, skipLive, take - entries.Count));
            }

            skipLive = 0;
            segment--;
            beforeOffset = HistoryLayout.SegmentSize;
        }

        return entries;
    }

    // A full segment's last key; segments filled before keys existed have legacy keys.
    private long LastKeyOf(long segment) =>
        segment == state.State.CurrentSegment ? lastKey
        : segment < state.State.SegmentLastKeys.Count ? state.State.SegmentLastKeys[(int)segment]
        : HistoryLayout.LegacyKey(((segment + 1) * HistoryLayout.SegmentSize) - 1);

    private int RawIn(long segment) => segment == state.State.CurrentSegment ? segments.CountInCurrent : HistoryLayout.SegmentSize;

    private IHistorySegmentGrain Segment(long number) => GrainFactory.GetGrain<IHistorySegmentGrain>(HistoryLayout.SegmentKey(Partition, number));
}
