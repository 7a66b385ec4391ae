using ImgProcess.Grains.Faults;
using ImgProcess.Grains.History;

namespace ImgProcess.Grains.Images;

/// <summary>
/// Puts one upload into the history without a central grain: it tries the partition its id hashes to and, when that one
/// does not answer within <see cref="HistoryOptions.AppendTimeout"/> (its silo died, its database is away), the next
/// ones. A partition that failed may still have stored the entry (the answer lost): such an entry is removed before an
/// append is tried again, or in the background once the upload is listed elsewhere; until then readers skip it, since
/// it is not where the upload's record says its entry is.
/// </summary>
internal sealed class HistoryListing(IGrainFactory grains, HistoryOptions options, string imageId)
{
    private static readonly TimeSpan[] CleanUpDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    // Partitions that may hold an entry for this upload that is not the one its record points to.
    private readonly HashSet<int> uncertain = [];

    // Uncertain partitions handed to the background clean-up after a successful append. RemoveRecent removes whatever
    // entry of the upload it finds, so a later append of the upload (its results' write failed beside the first)
    // takes them back before it appends, and waits for a removal in flight: the clean-up must never find its entry.
    private readonly HashSet<int> cleaning = [];
    private Task cleaningCall = Task.CompletedTask;
    private bool cleanUpRunning;

    private int Preferred => HistoryLayout.PreferredPartition(imageId, options.Partitions);

    /// <summary>The partitions an append for this upload may have tried, in order.</summary>
    private IEnumerable<int> Candidates => Enumerable.Range(0, Math.Min(options.AppendAttempts, options.Partitions)).Select(i => (Preferred + i) % options.Partitions);

    /// <summary>For a record found unlisted when the grain activates: any partition it could have tried may hold an entry.</summary>
    public void AssumeEveryCandidateUncertain() => uncertain.UnionWith(Candidates);

    /// <summary>Appends <paramref name="entry"/> to the first partition that takes it; throws an outage when none does.</summary>
    public async Task<HistoryPosition> AppendAsync(HistoryEntry entry)
    {
        // A retry must not list the upload twice: drop an entry an earlier attempt may have stored.
        while (!cleaningCall.IsCompleted)
        {
            await cleaningCall;
        }

        uncertain.UnionWith(cleaning);
        cleaning.Clear();
        foreach (var partition in uncertain.ToList())
        {
            await TryAsync(() => Partition(partition).RemoveRecent(imageId), () => uncertain.Remove(partition));
        }

        Exception? lastFailure = null;
        foreach (var partition in Candidates)
        {
            uncertain.Add(partition);
            HistoryPosition? position = null;
            lastFailure = await TryAsync(async () => position = await Partition(partition).Add(entry), () => uncertain.Remove(partition));
            if (position is not null)
            {
                cleaning.UnionWith(uncertain);
                uncertain.Clear();
                if (cleaning.Count > 0 && !cleanUpRunning)
                {
                    cleanUpRunning = true;
                    _ = CleanUpAsync();
                }

                return position;
            }
        }

        throw lastFailure as ServiceUnavailableException ?? new ServiceUnavailableException(Dependency.Cluster, $"No history partition took the upload: {lastFailure?.Message}", lastFailure);
    }

    /// <summary>
    /// For an <see cref="AppendAsync"/> whose position the record will not carry (the upload failed beside it): the
    /// entry it stored is removed in the background, soon (until then it counts in the history's total and takes a slot
    /// on its page, which does not show it), and its partition is uncertain, so a later append of this upload removes it first.
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
            // No partition took it (the ones tried are uncertain already); the caller reports its own failure.
            return;
        }

        uncertain.Add(position.Partition);
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

        await Task.WhenAll(Candidates.Concat(uncertain).Distinct().Select(p => Partition(p).RemoveRecent(imageId)));
        uncertain.Clear();
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

    // Every attempt runs, also after one that removed or found nothing: an append that timed out here is still on its
    // way (Orleans delivers it until its own response timeout) and may commit after an attempt; a later one removes it.
    private async Task CleanUpAsync()
    {
        try
        {
            foreach (var delay in CleanUpDelays)
            {
                await Task.Delay(delay);
                foreach (var partition in cleaning.ToList())
                {
                    if (!cleaning.Contains(partition))
                    {
                        continue; // taken back by an append since
                    }

                    var call = TryAsync(() => Partition(partition).RemoveRecent(imageId), () => { });
                    cleaningCall = call;
                    await call;
                }

                if (cleaning.Count == 0)
                {
                    return;
                }
            }

            cleaning.Clear();
        }
        finally
        {
            cleanUpRunning = false;
        }
    }

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
}
