using System.Diagnostics;
using System.Net;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Uploads;

/// <summary>
/// Backpressure for uploads: a fixed number are handled at once (their bodies read at Kestrel's minimum data rate, so a
/// body that trickles loses its slot) and a bounded number wait, before their bodies are read. Waiting is bounded in
/// time (<see cref="LimitsOptions.UploadQueueTimeout"/>). The queue is first come, first served while it moves; once its
/// oldest waiter has waited longer than <see cref="CongestionAge"/> it serves the newest first (adaptive LIFO): under
/// overload a request that has waited long is the likeliest to be abandoned or idle, so fresh ones go ahead and the
/// stale time out. A full queue drops its oldest waiter for the newcomer, and one client address may hold at most
/// <see cref="LimitsOptions.MaxWaitingUploadsPerClient"/> places (its next request takes the place of its own oldest).
/// So connections that send headers and wait can never keep an honest upload out.
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

    /// <summary>How long the oldest waiter may have waited before the queue serves the newest first.</summary>
    public static readonly TimeSpan CongestionAge = TimeSpan.FromSeconds(1);

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
            if (await waiter.Done.Task)
            {
                return new Slot(this);
            }
        }

        // A client that went away while it waited is not refused: nobody reads the answer.
        cancellationToken.ThrowIfCancellationRequested();
        return null;
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

    // A slot comes free: the oldest waiter takes it, or the newest when the oldest has waited too long; else it returns to the pool.
    private void Release()
    {
        lock (sync)
        {
            if (queue.Last is { } oldest)
            {
                var congested = Stopwatch.GetElapsedTime(oldest.Value.Since) > CongestionAge;
                Remove(congested ? queue.First!.Value : oldest.Value, granted: true);
                return;
            }

            inUse--;
        }
    }

    private sealed class Waiter(IPAddress client)
    {
        public IPAddress Client { get; } = client;

        public long Since { get; } = Stopwatch.GetTimestamp();

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
