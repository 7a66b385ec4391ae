using System.Net;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Uploads;

/// <summary>
/// Backpressure for uploads: a fixed number are handled at once (their bodies read at Kestrel's minimum data rate, so a
/// body that trickles loses its slot) and a bounded number wait, before their bodies are read. Waiting is bounded in
/// time (<see cref="LimitsOptions.UploadQueueTimeout"/>) and served newest first: under overload a request that has
/// waited long is the likeliest to be abandoned or idle, and a full queue drops its oldest waiter for the newcomer. One
/// client address may hold at most <see cref="LimitsOptions.MaxWaitingUploadsPerClient"/> places in the queue; its
/// next request takes the place of its own oldest. So connections that send headers and wait can never keep an honest
/// upload out for longer than the queue timeout.
/// </summary>
internal sealed class UploadGate
{
    private readonly object sync = new();
    private readonly LinkedList<Waiter> queue = [];
    private readonly Dictionary<IPAddress, int> waitingPerClient = [];
    private readonly int capacity;
    private readonly int queueLength;
    private readonly int perClient;
    private readonly TimeSpan queueTimeout;
    private int inUse;

    public UploadGate(IOptions<LimitsOptions> options, ImgProcessMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        capacity = options.Value.EffectiveConcurrentUploads;
        queueLength = options.Value.UploadQueueLength;
        perClient = options.Value.MaxWaitingUploadsPerClient;
        queueTimeout = options.Value.UploadQueueTimeout;
        metrics.ObserveUploadGate(() => Volatile.Read(ref inUse), () => Volatile.Read(ref waitingCount));
    }

    private int waitingCount;

    /// <summary>A slot, or null when none came free in time (or the queue gave this request's place to a newer one).</summary>
    public async Task<IDisposable?> EnterAsync(IPAddress? client, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (sync)
        {
            if (inUse < capacity)
            {
                inUse++;
                return new Slot(this);
            }

            if (queueLength == 0)
            {
                return null;
            }

            waiter = new Waiter(client ?? IPAddress.None);
            MakeRoomFor(waiter.Client);
            waiter.Node = queue.AddFirst(waiter);
            waitingPerClient[waiter.Client] = waitingPerClient.GetValueOrDefault(waiter.Client) + 1;
            waitingCount = queue.Count;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(queueTimeout);
        using (timeout.Token.Register(() => Leave(waiter, granted: false)))
        {
            return await waiter.Done.Task ? new Slot(this) : null;
        }
    }

    // Under the lock: the client's oldest waiter goes when it holds its share, else the oldest of all when the queue is full.
    private void MakeRoomFor(IPAddress client)
    {
        if (waitingPerClient.GetValueOrDefault(client) >= perClient && OldestOf(client) is { } own)
        {
            Remove(own, granted: false);
        }
        else if (queue.Count >= queueLength && queue.Last is { } oldest)
        {
            Remove(oldest.Value, granted: false);
        }
    }

    private Waiter? OldestOf(IPAddress client)
    {
        for (var node = queue.Last; node is not null; node = node.Previous)
        {
            if (node.Value.Client.Equals(client))
            {
                return node.Value;
            }
        }

        return null;
    }

    private void Leave(Waiter waiter, bool granted)
    {
        lock (sync)
        {
            Remove(waiter, granted);
        }
    }

    // Under the lock: takes the waiter out of the queue, once, and completes it.
    private void Remove(Waiter waiter, bool granted)
    {
        if (waiter.Node?.List is null)
        {
            return;
        }

        queue.Remove(waiter.Node);
        var left = waitingPerClient[waiter.Client] - 1;
        if (left == 0)
        {
            waitingPerClient.Remove(waiter.Client);
        }
        else
        {
            waitingPerClient[waiter.Client] = left;
        }

        waitingCount = queue.Count;
        waiter.Done.TrySetResult(granted);
    }

    // A slot comes free: the newest waiter takes it, or it returns to the pool.
    private void Release()
    {
        lock (sync)
        {
            if (queue.First is { } newest)
            {
                Remove(newest.Value, granted: true);
                return;
            }

            inUse--;
        }
    }

    private sealed class Waiter(IPAddress client)
    {
        public IPAddress Client { get; } = client;

        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Slot(UploadGate gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
