using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// The database grain state lives in, and everything that differs between databases: its services, its grain storage,
/// its schema, its readiness probe, its default blob store and whether it can hold cluster membership. Chosen once, from
/// <see cref="StorageOptions.Provider"/>; another database is one more subclass.
/// </summary>
public abstract class DatabaseBackend
{
    /// <summary>The backend for <paramref name="storage"/>.</summary>
    public static DatabaseBackend For(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Provider switch
        {
            StorageProvider.Sqlite => new SqliteBackend(storage),
            StorageProvider.PostgreSql => new PostgreSqlBackend(storage),
            _ => throw new NotSupportedException($"Storage provider {storage.Provider} is not supported."),
        };
    }

    /// <summary>Which database this is.</summary>
    public abstract StorageProvider Provider { get; }

    /// <summary>Where image bytes go unless <see cref="StorageOptions.Blobs"/> says otherwise.</summary>
    public abstract BlobStoreKind DefaultBlobs { get; }

    /// <summary>Whether silos on several machines can share it for membership (ADO.NET clustering).</summary>
    public abstract bool CanHoldMembership { get; }

    /// <summary>The ADO.NET invariant Orleans' ADO.NET providers use for it.</summary>
    public abstract string Invariant { get; }

    /// <summary>The connection string Orleans' ADO.NET providers use.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Services of the database itself (a connection pool), for gateways and silos alike.</summary>
    public virtual void AddServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// This database's grain storage under <see cref="StorageNames.Grains"/>, its outages translated
    /// (<see cref="UnavailabilityTranslatingGrainStorage"/>), and the schema at start where the database wants it.
    /// </summary>
    public void AddGrainStorage(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        AddSchemaAtStart(silo.Services);
        var storage = AddStorageProvider(silo);
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Grains, (provider, _) => new UnavailabilityTranslatingGrainStorage(storage(provider)));
    }

    /// <summary>Registers what applies the schema when a silo starts, if this database does that.</summary>
    protected abstract void AddSchemaAtStart(IServiceCollection services);

    /// <summary>
    /// Registers the grain storage the grains reach through the translation, and returns how to get it. By default
    /// Orleans' ADO.NET provider, under <see cref="StorageNames.AdoNet"/>.
    /// </summary>
    protected virtual Func<IServiceProvider, IGrainStorage> AddStorageProvider(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddAdoNetGrainStorage(StorageNames.AdoNet, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = ConnectionString;
            options.DeleteStateOnClear = true;
        });
        return provider => provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.AdoNet);
    }

    /// <summary>Creates or upgrades the schema; returns its version.</summary>
    public abstract Task<int> ApplySchemaAsync(CancellationToken cancellationToken);

    /// <summary>Runs a trivial query; throws when the database does not answer. Returns what answered.</summary>
    public abstract Task<string> PingAsync(IServiceProvider services, CancellationToken cancellationToken);
}
