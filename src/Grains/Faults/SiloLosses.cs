namespace ImgProcess.Grains.Faults;

/// <summary>
/// Tells an Orleans client's callers that it lost a connection to a silo (one that died, or was stopped): a call in
/// flight to that silo would otherwise wait for Orleans' response timeout, since a gateway silo does not break the calls
/// it forwards for a client. <see cref="GrainCalls.RetryAsync{T}"/> ends the attempts waiting at that moment and retries
/// them (the calls are idempotent); those on live silos simply answer again. A host that runs a silo needs none of this:
/// its silo breaks its own calls to a silo declared dead.
/// </summary>
public sealed class SiloLosses : IClusterConnectionStatusObserver, IDisposable
{
    private CancellationTokenSource current = new();

    /// <summary>Cancelled when the next loss happens.</summary>
    public CancellationToken Token => Volatile.Read(ref current).Token;

    /// <inheritdoc />
    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Signal();
        }
    }

    /// <inheritdoc />
    public void NotifyClusterConnectionLost() => Signal();

    /// <inheritdoc />
    public void Dispose() => current.Dispose();

    private void Signal()
    {
        // The old source is not disposed: callers may still link to its token (cancelled, so they end at once).
        Interlocked.Exchange(ref current, new CancellationTokenSource()).Cancel();
    }
}
