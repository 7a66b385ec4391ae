using Microsoft.Extensions.Logging;

namespace ImgProcess.Grains.Faults;

/// <summary>
/// Work after an answer, on a grain timer of the activation (so it runs as one of the grain's turns, and ends with it):
/// tried at once, then again every <paramref name="period"/> while it fails with an outage, up to
/// <paramref name="attempts"/> times. Another failure, or the last attempt's, is logged and the work dropped: what it
/// must survive is kept in grain state and taken up by the next activation.
/// </summary>
internal sealed partial class RetryingTimer(IGrainBase grain, TimeSpan period, int attempts, ILogger logger) : IDisposable
{
    private IGrainTimer? timer;
    private int failures;

    /// <summary>True while work is scheduled.</summary>
    public bool Running => timer is not null;

    /// <summary>Runs <paramref name="work"/> (replacing what was scheduled) as described on the class.</summary>
    public void Run(Func<Task> work, string what)
    {
        timer?.Dispose();
        failures = 0;
        timer = grain.RegisterGrainTimer(
            async () =>
            {
                try
                {
                    await work();
                }
                catch (Exception e) when (Unavailability.Classify(e) is not null && ++failures < attempts)
                {
                    return;
                }
#pragma warning disable CA1031 // Work after the answer: the failure is logged; the caller has its answer.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogGaveUp(e, what, grain.GrainContext.GrainId);
                }

                Dispose();
            },
            new GrainTimerCreationOptions(TimeSpan.Zero, period) { KeepAlive = true });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        timer?.Dispose();
        timer = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Work} of {Grain} did not finish; it stays as it is until the grain is next activated")]
    private partial void LogGaveUp(Exception exception, string work, GrainId grain);
}
