using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Deferred;

/// <summary>
/// One history partition's deferred queue (see <see cref="IDeferredQueueGrain"/>). A grain timer takes the oldest
/// uploads that are due, up to the silo's deferred slots at once, and asks each upload's grain to run its deferred
/// processors; the upload leaves the queue when they are done. Reentrant, so uploads are queued while runs are awaited.
/// </summary>
[Reentrant]
public sealed partial class DeferredQueueGrain(
    [PersistentState("deferred", StorageNames.Grains)] IPersistentState<DeferredQueueState> state,
    IOptions<ProcessingOptions> options,
    DeferredSlots slots,
    DeferredQueueStats stats,
    TimeProvider time,
    ILogger<DeferredQueueGrain> logger) : Grain, IDeferredQueueGrain, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    // The grain is reentrant: its writes take turns (two at once would conflict on the state's version).
    private readonly SemaphoreSlim writing = new(1, 1);
    private IGrainTimer? timer;

    /// <inheritdoc />
    public async Task Enqueue(string imageId, DateTimeOffset queuedAt)
    {
        if (!state.State.Waiting.Any(w => w.ImageId == imageId))
        {
            state.State.Waiting.Add(new DeferredWork { ImageId = imageId, QueuedAt = queuedAt, NotBefore = queuedAt });
            Report();
            await WriteAsync();
        }

        Start();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        timer?.Dispose();
        writing.Dispose();
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        stats.Forget(this.GetPrimaryKeyLong());
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Report();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Wake()
    {
        Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<DeferredQueueDepth> Depth() => Task.FromResult(CurrentDepth());

    private DeferredQueueDepth CurrentDepth() =>
        new(state.State.Waiting.Count, state.State.Waiting.Count > 0 ? state.State.Waiting.Min(w => w.QueuedAt) : null);

    private void Report() => stats.Report(this.GetPrimaryKeyLong(), CurrentDepth());

    private void Start()
    {
        if (timer is null && state.State.Waiting.Count > 0)
        {
            timer = this.RegisterGrainTimer(TakeDueAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Tick) { KeepAlive = true, Interleave = true });
        }
    }

    // Oldest first, as many as the silo's slots, all at once; the timer's next tick comes after they end, and the timer
    // stops when the queue is empty.
    private async Task TakeDueAsync()
    {
        if (state.State.Waiting.Count == 0)
        {
            timer?.Dispose();
            timer = null;
            return;
        }

        var now = time.GetUtcNow();
        var due = state.State.Waiting.Where(w => w.NotBefore <= now).Take(slots.Size).ToList();
        if (due.Count == 0)
        {
            return;
        }

        await Task.WhenAll(due.Select(RunAsync));
        Report();
        try
        {
            await WriteAsync();
        }
        catch (Exception e) when (Unavailability.Classify(e) is not null)
        {
            // The next change writes it; until then a restart runs these uploads again, which find nothing left to do.
            LogWriteFailed(e);
        }
    }

    private async Task RunAsync(DeferredWork work)
    {
        try
        {
            await GrainFactory.GetGrain<IImageGrain>(work.ImageId).RunDeferred();
            state.State.Waiting.Remove(work);
        }
#pragma warning disable CA1031 // Whatever stopped the run (an outage, a silo stopping, a grain lost) is retried: the processors' own failures are results, never exceptions.
        catch (Exception e)
#pragma warning restore CA1031
        {
            work.Failures++;
            if (time.GetUtcNow() - work.QueuedAt > options.Value.DeferredRetryFor)
            {
                LogGaveUp(e, work.ImageId, work.Failures);
                state.State.Waiting.Remove(work);
            }
            else
            {
                // Growing pauses with jitter, so uploads stopped by one outage do not all come back at the same moment.
                var pause = TimeSpan.FromSeconds(Math.Min(LongestPause.TotalSeconds, Math.Pow(2, work.Failures)) * (0.5 + (Random.Shared.NextDouble() / 2)));
                work.NotBefore = time.GetUtcNow() + pause;
                LogRetry(e, work.ImageId, work.Failures, pause.TotalSeconds);
            }
        }
    }

    private async Task WriteAsync()
    {
        await writing.WaitAsync();
        try
        {
            await state.WriteOrKeepAsync(this);
        }
        finally
        {
            writing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deferred work of {ImageId} did not finish ({Failures} so far); again in {Seconds:0.0} s")]
    private partial void LogRetry(Exception exception, string imageId, int failures, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferred work of {ImageId} gave up after {Failures} outages (DeferredRetryFor)")]
    private partial void LogGaveUp(Exception exception, string imageId, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deferred queue's state could not be written; the next change writes it")]
    private partial void LogWriteFailed(Exception exception);
}
