using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.History;

/// <summary>
/// The history as clients see it: every partition merged newest first by key. Page 1 and cursor pages cost one small
/// read per partition. A page far down (<c>page=N</c>) is first located by counting: a key whose newer entries number
/// just under the skip is searched with a few rounds of one count per partition (interpolated, halving at worst), then
/// each partition reads only the run below it.
/// </summary>
public sealed class HistoryReader(IGrainFactory grains, IOptions<HistoryOptions> options)
{
    private int Partitions => options.Value.Partitions;

    /// <summary>Skips the <paramref name="skip"/> newest live entries and returns up to <paramref name="take"/> of the following ones.</summary>
    public async Task<HistorySlice> GetNewestAsync(long skip, int take, CancellationToken cancellationToken = default)
    {
        if (Partitions == 1)
        {
            return await Partition(0).GetNewest(skip, take, cancellationToken);
        }

        if (skip <= 0)
        {
            return Merge(await EachAsync(p => p.GetNewest(0, take, cancellationToken)), 0, take);
        }

        var summaries = await EachAsync(p => p.Summary(cancellationToken));
        var total = summaries.Sum(s => s.Total);
        if (skip >= total)
        {
            return new HistorySlice(total, []);
        }

        var (boundary, newer) = await FindBoundaryAsync(summaries, total, skip, Math.Max(take, 64), cancellationToken);
        var skipBelow = skip - newer;
        var below = await EachAsync(p => p.GetOlderThan(boundary + 1, (int)Math.Min(int.MaxValue, skipBelow + take), cancellationToken));
        return Merge(below, skipBelow, take) with { Total = total };
    }

    /// <summary>Up to <paramref name="take"/> live entries older than the entry with <paramref name="key"/>, newest first.</summary>
    public async Task<HistorySlice> GetOlderThanAsync(long key, int take, CancellationToken cancellationToken = default) =>
        Merge(await EachAsync(p => p.GetOlderThan(key, take, cancellationToken)), 0, take);

    /// <summary>
    /// The ordering key of <paramref name="record"/>'s history entry (for cursor paging); null when it has none. Records
    /// listed before entries were found by id carry it.
    /// </summary>
    public async Task<long?> KeyOfAsync(Images.ImageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.History.Sequence >= 0)
        {
            return record.History.Key;
        }

        return (await Partition(record.History.Partition).Find(record.Id, record.UploadedAt, cancellationToken))?.Key;
    }

    /// <summary>The partition grain <paramref name="number"/>.</summary>
    public IHistoryGrain Partition(int number) => grains.GetGrain<IHistoryGrain>(number);

    // A key B with skip - slack <= (live entries newer than B) <= skip. The first probes are, in every partition, the
    // key at its share of the skip: partitions fill alike (ids hash evenly), so these bracket B closely. Each further
    // round probes 15 keys spread between the closest key counting too many and the closest counting too few; keys
    // are unique, so the bracket always closes on such a B. Each round is one call per partition.
    private async Task<(long Key, long Newer)> FindBoundaryAsync(HistorySummary[] summaries, long total, long skip, int slack, CancellationToken cancellationToken)
    {
        long low = summaries.Where(s => s.Total > 0).Min(s => s.OldestKey) - 1, high = summaries.Max(s => s.NewestKey), highCount = 0;
        if (skip <= slack)
        {
            return (high, 0);
        }

        var seeds = await Task.WhenAll(summaries.Select((s, p) => Partition(p).GetNewest((long)((double)skip * s.Total / total), 1, cancellationToken)));
        var probes = seeds.SelectMany(s => s.Entries).Select(e => e.OrderKey).Distinct().Order().ToList();
        for (var round = 0; round < 12 && probes.Count > 0; round++)
        {
            var counts = await EachAsync(p => p.CountNewerThan(probes, cancellationToken));
            for (var i = 0; i < probes.Count; i++)
            {
                var newer = counts.Sum(c => c[i]);
                if (newer > skip)
                {
                    low = Math.Max(low, probes[i]);
                }
                else if (newer < skip - slack)
                {
                    (high, highCount) = probes[i] < high ? (probes[i], newer) : (high, highCount);
                }
                else
                {
                    return (probes[i], newer);
                }
            }

            var (from, width) = (low, high - low);
            probes = [.. Enumerable.Range(1, 15).Select(i => from + (long)(width * (i / 16.0))).Where(k => k > low && k < high).Distinct()];
        }

        return (high, highCount);
    }

    private static HistorySlice Merge(HistorySlice[] slices, long skip, int take)
    {
        var merged = slices.SelectMany(s => s.Entries).OrderByDescending(e => e.OrderKey).Skip((int)Math.Min(int.MaxValue, skip)).Take(take).ToList();
        return new HistorySlice(slices.Sum(s => s.Total), merged);
    }

    private Task<T[]> EachAsync<T>(Func<IHistoryGrain, Task<T>> call) => Task.WhenAll(Enumerable.Range(0, Partitions).Select(p => call(Partition(p))));
}
