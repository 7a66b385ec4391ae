using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ImgProcess.Grains.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// A SQLite file under the data directory: the one-machine default with nothing to install. Its schema is applied at
/// every start, its writes are group-committed by one writer, and it cannot hold membership for silos on other machines.
/// </summary>
public sealed class SqliteBackend(StorageOptions storage) : DatabaseBackend
{
    /// <inheritdoc />
    public override StorageProvider Provider => StorageProvider.Sqlite;

    /// <inheritdoc />
    public override BlobStoreKind DefaultBlobs => BlobStoreKind.File;

    /// <inheritdoc />
    public override bool CanHoldMembership => false;

    /// <inheritdoc />
    /// <remarks>The name Orleans maps to Microsoft.Data.Sqlite.</remarks>
    public override string Invariant => "System.Data.SQLite";

    /// <inheritdoc />
    public override string ConnectionString => SqliteSchema.ConnectionString(storage.SqliteFilePath);

    /// <inheritdoc />
    /// <remarks>Always: SQLite is the one-machine default with nothing to run first.</remarks>
    protected override void AddSchemaAtStart(IServiceCollection services) =>
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteSchemaInitializer>();

    /// <inheritdoc />
    /// <remarks>Our own, on the same rows as the ADO.NET provider: its writes are group-committed (<see cref="SqliteGrainStorage"/>).</remarks>
    protected override Func<IServiceProvider, IGrainStorage> AddStorageProvider(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton(provider => new SqliteGrainStorage(
            ConnectionString,
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            provider.GetRequiredService<IGrainStorageSerializer>(),
            provider.GetRequiredService<IActivatorProvider>(),
            provider.GetService<ImgProcessMetrics>()));
        return provider => provider.GetRequiredService<SqliteGrainStorage>();
    }

    /// <inheritdoc />
    public override Task<int> ApplySchemaAsync(CancellationToken cancellationToken) => Task.FromResult(SqliteSchema.Apply(storage.SqliteFilePath));

    /// <inheritdoc />
    public override async Task<string> PingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM OrleansQuery";
        await query.ExecuteScalarAsync(cancellationToken);
        return "SQLite answers.";
    }
}
