using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// A PostgreSQL server shared by every silo: grain state, membership and (by default) image bytes. Its schema is applied
/// at start unless <see cref="StorageOptions.ApplySchemaOnStart"/> is off (then by the schema command).
/// </summary>
public sealed class PostgreSqlBackend(StorageOptions storage) : DatabaseBackend
{
    /// <inheritdoc />
    public override StorageProvider Provider => StorageProvider.PostgreSql;

    /// <inheritdoc />
    public override BlobStoreKind DefaultBlobs => BlobStoreKind.PostgreSql;

    /// <inheritdoc />
    public override bool CanHoldMembership => true;

    /// <inheritdoc />
    public override string Invariant => "Npgsql";

    /// <inheritdoc />
    public override string ConnectionString => storage.GetRequiredConnectionString();

    /// <inheritdoc />
    public override void AddServices(IServiceCollection services) => AddDataSource(services);

    /// <summary>The one connection pool of the configured PostgreSQL, for grain state and the PostgreSQL blob store alike.</summary>
    public static void AddDataSource(IServiceCollection services) =>
        services.TryAddSingleton(provider => NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<StorageOptions>>().Value.GetRequiredConnectionString()));

    /// <inheritdoc />
    protected override void AddSchemaAtStart(IServiceCollection services)
    {
        if (storage.ApplySchemaOnStart)
        {
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgreSqlSchemaInitializer>();
        }
    }

    /// <inheritdoc />
    public override Task<int> ApplySchemaAsync(CancellationToken cancellationToken) => PostgreSqlSchema.ApplyAsync(ConnectionString, cancellationToken);

    /// <inheritdoc />
    public override async Task<string> PingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return "PostgreSQL answers.";
    }
}
