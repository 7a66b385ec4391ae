using ImgProcess.Grains.Faults;
using ImgProcess.Grains.History;

namespace ImgProcess.Grains.Images;

/// <summary>
/// Puts one upload into the history without a central grain: it tries the partition its id hashes to and, when that one
/// does not answer within <see cref="HistoryOptions.AppendTimeout"/> (its silo died, its database is away), the next
/// ones. A partition that failed may still store the entry (the answer lost, or the call delivered after the timeout).
/// Each append tags its entry with its own id, and such a copy is removed by that id — so never the entry the record
/// points to, nor one a later append or another activation of the upload stored — before the next append and in the
/// background for a few minutes; until then readers skip it, since it is not where the upload's record says its entry is.
/// </summary>
internal sealed class HistoryListing(IGrainFactory grains, HistoryOptions options, string imageId)
{
    // Attempts after a listing, all of them: an append that timed out is delivered until Orleans' response timeout and
    // may commit after an attempt that found nothing.
    private static readonly TimeSpan[] CleanUpDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    // Copies of this upload that may exist besides the entry its record points to.
    private readonly HashSet<StrayCopy> strays = [];

    // The append whose position ForgetAsync may be handed.
    private Guid lastAppend;

    private int Preferred => HistoryLayout.PreferredPartition(imageId, options.Partitions);

    /// <summary>The partitions an append for this upload may have tried, in order.</summary>
    private IEnumerable<int> Candidates => Enumerable.Range(0, Math.Min(options.AppendAttempts, options.Partitions)).Select(i => (Preferred + i) % options.Partitions);

    /// <summary>
    /// For a record found unlisted when the grain activates: any partition an earlier activation could have tried may
    /// hold an entry, by an append whose id is lost. Those are removed by image id, so only before an append of this
    /// activation, never in the background (where that could remove the entry this activation lists).
    /// </summary>
    public void AssumeUnknownCopiesInEveryCandidate() => strays.UnionWith(Candidates.Select(p => new StrayCopy(p, null)));

    /// <summary>Appends <paramref name="entry"/> to the first partition that takes it; throws an outage when none does.</summary>
    public async Task<HistoryPosition> AppendAsync(HistoryEntry entry)
    {
        // A retry must not leave a copy beside its entry: drop those an earlier attempt may have stored.
        foreach (var stray in strays.ToList())
        {
            await TryAsync(() => RemoveStrayAsync(stray), () => strays.Remove(stray));
        }

        var append = lastAppend = Guid.NewGuid();
        var tagged = entry with { AppendId = append };
        Exception? lastFailure = null;
        foreach (var partition in Candidates)
        {
            var copy = new StrayCopy(partition, append);
            strays.Add(copy);
            HistoryPosition? position = null;
            lastFailure = await TryAsync(async () => position = await Partition(partition).Add(tagged), () => strays.Remove(copy));
            if (position is not null)
            {
                var known = strays.Where(s => s.Append is not null).ToList();
                strays.ExceptWith(known);
                if (known.Count > 0)
                {
                    _ = CleanUpAsync(known);
                }

                return position;
            }
        }

        throw lastFailure as ServiceUnavailableException ?? new ServiceUnavailableException(Dependency.Cluster, $"No history partition took the upload: {lastFailure?.Message}", lastFailure);
    }

    /// <summary>
    /// For an <see cref="AppendAsync"/> whose position the record will not carry (the upload failed beside it): the
    /// entry it stored is removed in the background, soon (until then it counts in the history's total and takes a slot
    /// on its page, which does not show it), and a later append of this upload removes it first.
    /// </summary>
    public async Task ForgetAsync(Task<HistoryPosition> append)
    {
        HistoryPosition position;
        try
        {
            position = await append;
        }
        catch (Exception)
        {
            // No partition took it (the copies it may have left are known already); the caller reports its own failure.
            return;
        }

        strays.Add(new StrayCopy(position.Partition, lastAppend));
        _ = RemoveSoonAsync(position);
    }

    /// <summary>Removes the upload's entry: the one at <paramref name="position"/>, or any recent one for an unlisted upload.</summary>
    public async Task RemoveAsync(HistoryPosition? position)
    {
        if (position is not null)
        {
            await Partition(position.Partition).Remove(position.Sequence, imageId);
            return;
        }

        await Task.WhenAll(Candidates.Concat(strays.Select(s => s.Partition)).Distinct().Select(p => Partition(p).RemoveRecent(imageId)));
        strays.Clear();
    }

    // Runs a call under the append timeout; an outage or a timeout is returned, anything else (a bug) is thrown.
    private async Task<Exception?> TryAsync(Func<Task> call, Action onSuccess)
    {
        try
        {
            await call().WaitAsync(options.AppendTimeout);
            onSuccess();
            return null;
        }
        catch (Exception e) when (e is TimeoutException || Unavailability.Classify(e) is not null)
        {
            return e;
        }
    }

    private async Task CleanUpAsync(List<StrayCopy> copies)
    {
        foreach (var delay in CleanUpDelays)
        {
            await Task.Delay(delay);
            foreach (var copy in copies)
            {
                await TryAsync(() => RemoveStrayAsync(copy), () => { });
            }
        }
    }

    private Task RemoveStrayAsync(StrayCopy copy) =>
        copy.Append is { } append ? Partition(copy.Partition).RemoveCopy(imageId, append) : Partition(copy.Partition).RemoveRecent(imageId);

    // By position, so it can never remove an entry a later append of the upload stored; retried often, since the
    // failure beside the append is usually an outage that ends within seconds.
    private async Task RemoveSoonAsync(HistoryPosition position)
    {
        var waited = TimeSpan.Zero;
        for (var pause = TimeSpan.FromMilliseconds(250); waited < TimeSpan.FromMinutes(1); pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks)))
        {
            if (await TryAsync(() => Partition(position.Partition).Remove(position.Sequence, imageId), () => { }) is null)
            {
                return;
            }

            await Task.Delay(pause);
            waited += pause;
        }
    }

    private IHistoryGrain Partition(int number) => grains.GetGrain<IHistoryGrain>(number);

    // A copy of the upload that partition may hold: stored by append `Append`, or by an unknown one (null).
    private readonly record struct StrayCopy(int Partition, Guid? Append);
}
