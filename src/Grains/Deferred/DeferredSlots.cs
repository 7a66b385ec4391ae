using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Deferred;

/// <summary>
/// The deferred processors one silo runs at once (<see cref="ProcessingOptions.MaxConcurrentDeferred"/>, default half the
/// cores): the rest wait here, so slow analyses never take the cores the inline path needs.
/// </summary>
public sealed class DeferredSlots : IDisposable
{
    private readonly SemaphoreSlim slots;
    private int waiting;

    /// <summary>Sizes the slots from the options.</summary>
    public DeferredSlots(IOptions<ProcessingOptions> options, ImgProcessMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.DeferredWaitingSource = () => Waiting;
        Size = options.Value.MaxConcurrentDeferred > 0 ? options.Value.MaxConcurrentDeferred : Math.Max(1, Environment.ProcessorCount / 2);
        slots = new SemaphoreSlim(Size, Size);
    }

    /// <inheritdoc />
    public void Dispose() => slots.Dispose();

    /// <summary>How many run at once.</summary>
    public int Size { get; }

    /// <summary>Deferred processors waiting for a slot on this silo.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Runs <paramref name="work"/> in a slot, once one is free.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Interlocked.Increment(ref waiting);
        try
        {
            await slots.WaitAsync();
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        try
        {
            return await work();
        }
        finally
        {
            slots.Release();
        }
    }
}
