namespace ImgProcess.Grains.Faults;

/// <summary>Grain calls made for a request, under its deadline.</summary>
public static class GrainCalls
{
    /// <summary>
    /// Calls <paramref name="call"/>; when it fails with an outage (a silo lost, a rejected message, the database
    /// briefly away) and the deadline has not passed, calls it once more. Only for idempotent calls: reads, and an
    /// upload whose grain key the caller chose.
    /// </summary>
    public static async Task<T> RetryOnceAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(deadline);
        }
        catch (Exception e) when (!deadline.IsCancellationRequested && Unavailability.Classify(e) is not null)
        {
            return await call(deadline);
        }
    }
}
