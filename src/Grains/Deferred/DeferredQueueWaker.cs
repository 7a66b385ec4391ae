using ImgProcess.Grains.History;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Deferred;

/// <summary>
/// Wakes every deferred queue when this silo becomes active and whenever the cluster declares another silo dead: work
/// queued when the service stopped resumes when it starts, and a queue whose silo died resumes on a live one. Events,
/// not a loop: each wake is a one-way message, and a queue that holds work keeps itself going on its grain timer.
/// </summary>
internal sealed class DeferredQueueWaker(IGrainFactory grains, ISiloStatusOracle silos, IOptions<HistoryOptions> history)
    : ILifecycleParticipant<ISiloLifecycle>, ISiloStatusListener
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            nameof(DeferredQueueWaker),
            ServiceLifecycleStage.Active,
            _ =>
            {
                silos.SubscribeToSiloStatusEvents(this);
                WakeAll();
                return Task.CompletedTask;
            },
            _ =>
            {
                silos.UnSubscribeFromSiloStatusEvents(this);
                return Task.CompletedTask;
            });
    }

    /// <inheritdoc />
    public void SiloStatusChangeNotification(SiloAddress updatedSilo, SiloStatus status)
    {
        if (status == SiloStatus.Dead && !updatedSilo.Equals(silos.SiloAddress))
        {
            WakeAll();
        }
    }

    private void WakeAll()
    {
        for (var partition = 0; partition < history.Value.Partitions; partition++)
        {
            grains.GetGrain<IDeferredQueueGrain>(partition).Wake();
        }
    }
}
