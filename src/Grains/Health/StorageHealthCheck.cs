using ImgProcess.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ImgProcess.Grains.Health;

/// <summary>Readiness: the database behind grain state answers a trivial query (<see cref="DatabaseBackend.PingAsync"/>).</summary>
public sealed class StorageHealthCheck(DatabaseBackend database, IServiceProvider services) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return HealthCheckResult.Healthy(await database.PingAsync(services, cancellationToken));
        }
        catch (Exception e) when (e is NpgsqlException or SqliteException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The {database.Provider} database does not answer: {e.Message}");
        }
    }
}
