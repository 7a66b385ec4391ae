using ImgProcess.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImgProcess.Grains.Health;

/// <summary>Readiness: the database behind grain state answers a trivial query.</summary>
public sealed class StorageHealthCheck(IOptions<StorageOptions> options, IEnumerable<NpgsqlDataSource> dataSources) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var storage = options.Value;
        try
        {
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                // Registered by AddImgProcessCore whenever the provider is PostgreSQL.
                await using var command = dataSources.Single().CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy("PostgreSQL answers.");
            }

            await using var connection = new SqliteConnection(SqliteSchema.ConnectionString(storage.SqliteFilePath));
            await connection.OpenAsync(cancellationToken);
            await using var query = connection.CreateCommand();
            query.CommandText = "SELECT COUNT(*) FROM OrleansQuery";
            await query.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("SQLite answers.");
        }
        catch (Exception e) when (e is NpgsqlException or SqliteException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The {storage.Provider} database does not answer: {e.Message}");
        }
    }
}
