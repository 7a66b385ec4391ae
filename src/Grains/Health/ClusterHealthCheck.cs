using ImgProcess.Grains.Processing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImgProcess.Grains.Health;

/// <summary>
/// Readiness: on a silo, this silo is Active in the cluster membership; everywhere, a grain call reaches an active
/// silo and returns within two seconds.
/// </summary>
public sealed class ClusterHealthCheck(
    IGrainFactory grains,
    IEnumerable<ILocalSiloDetails> localSilo,
    IEnumerable<IClusterMembershipService> membership) : IHealthCheck
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Present only in a silo process (embedded gateway or silo node); a client-mode gateway has neither.
        if (localSilo.SingleOrDefault() is { } silo && membership.SingleOrDefault() is { } members)
        {
            var status = members.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            if (status != SiloStatus.Active)
            {
                return HealthCheckResult.Unhealthy($"This silo is {status} in the cluster membership, not Active.");
            }
        }

        try
        {
            var processors = await grains.GetGrain<IProcessorCatalogGrain>(0).List(cancellationToken).WaitAsync(Deadline, cancellationToken);
            return HealthCheckResult.Healthy($"A silo answered with {processors.Count} processors.");
        }
#pragma warning disable CA1031 // Any failure to reach the cluster means "not ready": that is what this check reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"No silo answered: {e.Message}");
        }
    }
}
