using ImgProcess.Gateway.Hosting;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Uploads;

/// <summary>
/// Backpressure for uploads: a fixed number are handled at once and a bounded number wait, before their bodies are
/// read, so a burst of large uploads queues instead of growing memory; past the queue the gateway answers 503.
/// </summary>
internal sealed class UploadGate : IDisposable
{
    private readonly SemaphoreSlim slots;
    private readonly int capacity;
    private readonly int queueLength;
    private int waiting;

    public UploadGate(IOptions<LimitsOptions> options, ImgProcessMetrics metrics)
    {
        capacity = options.Value.EffectiveConcurrentUploads;
        queueLength = options.Value.UploadQueueLength;
        slots = new SemaphoreSlim(capacity);
        metrics.ObserveUploadGate(() => capacity - slots.CurrentCount, () => Volatile.Read(ref waiting));
    }

    /// <summary>A slot, or null when the queue is full; dispose the slot when the upload is done.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        if (slots.Wait(0, CancellationToken.None))
        {
            return new Slot(slots);
        }

        if (Interlocked.Increment(ref waiting) > queueLength)
        {
            Interlocked.Decrement(ref waiting);
            return null;
        }

        try
        {
            await slots.WaitAsync(cancellationToken);
            return new Slot(slots);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    public void Dispose() => slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
