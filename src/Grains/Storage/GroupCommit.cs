namespace ImgProcess.Grains.Storage;

/// <summary>
/// Group commit for a grain that many uploads pass through (a history partition, a similarity shard): items that
/// arrive while a write is in flight are written together by the next one, so under load one storage write serves
/// many uploads, and each caller still returns only once its own item is durable. Use from a [Reentrant] grain:
/// all members run on the grain's scheduler, and flushes run one at a time, so the flush needs no lock of its own.
/// </summary>
/// <typeparam name="TItem">What is appended.</typeparam>
/// <typeparam name="TResult">What each caller gets back (e.g. the position its item was given).</typeparam>
public sealed class GroupCommit<TItem, TResult>(Func<List<TItem>, Task<IReadOnlyList<TResult>>> flush)
{
    private List<(TItem Item, TaskCompletionSource<TResult> Done)> waiting = [];
    private bool flushing;

    /// <summary>Queues <paramref name="item"/>; completes when the write that includes it has succeeded (or fails with it).</summary>
    public Task<TResult> Submit(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.Add((item, done));
        if (!flushing)
        {
            flushing = true;
            _ = FlushAllAsync();
        }

        return done.Task;
    }

    /// <summary>
    /// Queues <paramref name="items"/> in order, one after another with nothing in between (a grain runs one turn at a
    /// time); completes with their results in the same order.
    /// </summary>
    public Task<TResult[]> SubmitAll(IEnumerable<TItem> items) => Task.WhenAll(items.Select(Submit).ToList());

    private async Task FlushAllAsync()
    {
        try
        {
            while (waiting.Count > 0)
            {
                var batch = waiting;
                waiting = [];
                try
                {
                    var results = await flush([.. batch.Select(b => b.Item)]);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Done.TrySetResult(results[i]);
                    }
                }
#pragma warning disable CA1031 // Every caller of the failed write gets its exception; nothing is swallowed.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    foreach (var (_, done) in batch)
                    {
                        done.TrySetException(e);
                    }
                }
            }
        }
        finally
        {
            flushing = false;
        }
    }
}
