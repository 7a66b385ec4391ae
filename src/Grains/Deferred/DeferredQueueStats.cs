using System.Collections.Concurrent;
using ImgProcess.Grains.Telemetry;

namespace ImgProcess.Grains.Deferred;

/// <summary>
/// What the deferred queues active on this silo hold, for the metrics: uploads waiting, and the age of the oldest. Each
/// queue reports whenever its list changes; summed over the silos, they are the whole cluster's queue.
/// </summary>
public sealed class DeferredQueueStats
{
    private readonly ConcurrentDictionary<long, (int Waiting, DateTimeOffset? Oldest)> queues = new();
    private readonly TimeProvider time;

    /// <summary>Feeds the metrics' queue gauges.</summary>
    public DeferredQueueStats(ImgProcessMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        this.time = time;
        metrics.DeferredQueuedSource = () => Waiting;
        metrics.DeferredOldestAgeSource = OldestAgeSeconds;
    }

    /// <summary>Uploads waiting in the queues active here.</summary>
    public int Waiting => queues.Values.Sum(q => q.Waiting);

    /// <summary>Records what queue <paramref name="partition"/> holds now.</summary>
    public void Report(long partition, DeferredQueueDepth depth)
    {
        ArgumentNullException.ThrowIfNull(depth);
        queues[partition] = (depth.Waiting, depth.OldestQueuedAt);
    }

    /// <summary>Queue <paramref name="partition"/> left this silo.</summary>
    public void Forget(long partition) => queues.TryRemove(partition, out _);

    /// <summary>Seconds since the oldest waiting upload here was queued; 0 when none waits.</summary>
    public double OldestAgeSeconds()
    {
        var now = time.GetUtcNow();
        return queues.Values.Where(q => q.Oldest is not null).Select(q => (now - q.Oldest!.Value).TotalSeconds).DefaultIfEmpty(0).Max();
    }
}
