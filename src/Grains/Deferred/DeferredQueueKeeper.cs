using ImgProcess.Grains.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Deferred;

/// <summary>
/// Wakes every deferred queue when the silo has started and then every <see cref="Period"/>: a queue whose silo died, or
/// a service restarted with work queued, resumes from its durable state without waiting for the next upload.
/// </summary>
internal sealed partial class DeferredQueueKeeper(IGrainFactory grains, IOptions<HistoryOptions> history, ILogger<DeferredQueueKeeper> logger) : BackgroundService
{
    /// <summary>How often the queues are woken.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    // A round that could not reach every queue (the silo still starting, an outage) is tried again after a second.
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(AfterFailure);
        do
        {
            var woken = true;
            for (var partition = 0; partition < history.Value.Partitions; partition++)
            {
                try
                {
                    await grains.GetGrain<IDeferredQueueGrain>(partition).Wake().WaitAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogWakeFailed(e, partition);
                    woken = false;
                    break;
                }
            }

            timer.Period = woken ? Period : AfterFailure;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deferred queue {Partition} could not be woken; the next round tries again")]
    private partial void LogWakeFailed(Exception exception, int partition);
}
