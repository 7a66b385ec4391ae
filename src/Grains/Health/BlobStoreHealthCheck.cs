using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImgProcess.Grains.Health;

/// <summary>Readiness: the blob store answers a lookup (for S3 a request to the bucket; for files the data directory).</summary>
public sealed class BlobStoreHealthCheck(IBlobStore blobs) : IHealthCheck
{
    // A key no upload has: the lookup only proves the store answers.
    private const string ProbeKey = "readiness-probe";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            await blobs.ExistsAsync(ProbeKey, deadline.Token);
            return HealthCheckResult.Healthy("The blob store answers.");
        }
        catch (Exception e) when (e is Faults.ServiceUnavailableException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The blob store does not answer: {e.Message}");
        }
    }
}
