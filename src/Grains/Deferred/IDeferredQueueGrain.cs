namespace ImgProcess.Grains.Deferred;

/// <summary>
/// The durable queue of uploads whose deferred processors have yet to run, one per history partition (the key): an
/// upload is queued before it is answered and leaves the queue when its deferred processors have all stored a result or
/// an error. Taken oldest first; an upload whose run meets an outage waits with growing, jittered pauses.
/// </summary>
public interface IDeferredQueueGrain : IGrainWithIntegerKey
{
    /// <summary>Queues upload <paramref name="imageId"/> (again: idempotent) and starts the queue if it is idle.</summary>
    Task Enqueue(string imageId, DateTimeOffset queuedAt);

    /// <summary>
    /// Starts the queue if it holds work and is idle: sent one-way when a silo starts and when another silo dies
    /// (<see cref="DeferredQueueWaker"/>), which activates the queue on a live silo.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    [Orleans.Concurrency.AlwaysInterleave]
    Task Wake();

    /// <summary>How many uploads wait, and since when the oldest has.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<DeferredQueueDepth> Depth();
}
