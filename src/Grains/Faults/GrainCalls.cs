using Polly;
using Polly.Retry;

namespace ImgProcess.Grains.Faults;

/// <summary>
/// Grain calls made for a request, under its deadline, through the one retry pipeline of the service. Only for
/// idempotent calls: reads, deletes, and an upload whose grain key the caller chose.
/// </summary>
public static class GrainCalls
{
    // A cluster outage (a silo lost, a message rejected, an activation that lost a race) is retried with short jittered
    // pauses for 3 s: Orleans re-activates the grain on a live silo once the dead one is declared dead (1.3-2.5 s
    // with docs/cluster.md's failure detection). An outage of the database or the object store is retried once. Either
    // way the client hears 503 within seconds, not at its deadline, which also ends every retry.
    private static readonly TimeSpan ClusterRetryWindow = TimeSpan.FromSeconds(3);
    private const int StoreAttempts = 2;
    private static readonly ResiliencePropertyKey<long> Started = new("imgprocess.started");

    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsWorthRetrying(e, args.AttemptNumber + 1, Elapsed(args.Context))),
            MaxRetryAttempts = 20,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
        })
        .Build();

    /// <summary>
    /// Calls <paramref name="call"/>, again after an outage while the deadline has not passed. With
    /// <paramref name="losses"/> (an Orleans client's gateway), an attempt still waiting when the client loses a silo is
    /// ended and retried at once: Orleans itself would leave it waiting for its response timeout.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken deadline, SiloLosses? losses = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        var context = ResilienceContextPool.Shared.Get(deadline);
        context.Properties.Set(Started, System.Diagnostics.Stopwatch.GetTimestamp());
        try
        {
            return await Pipeline.ExecuteAsync(
                async (context, _) =>
                {
                    var token = context.CancellationToken;
                    if (losses is null)
                    {
                        return await call(token);
                    }

                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(token, losses.Token);
                    try
                    {
                        return await call(attempt.Token);
                    }
                    catch (OperationCanceledException e) when (!token.IsCancellationRequested)
                    {
                        throw new ServiceUnavailableException(Dependency.Cluster, "A silo was lost while the call waited for it.", e);
                    }
                },
                context,
                0);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool IsWorthRetrying(Exception e, int attempts, TimeSpan elapsed) => Unavailability.Classify(e) switch
    {
        null => false,
        Dependency.Cluster => elapsed < ClusterRetryWindow,
        _ => attempts < StoreAttempts,
    };

    private static TimeSpan Elapsed(ResilienceContext context) =>
        context.Properties.TryGetValue(Started, out var started) ? System.Diagnostics.Stopwatch.GetElapsedTime(started) : TimeSpan.Zero;
}
