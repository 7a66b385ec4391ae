using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ImgProcess.Grains.Hosting;

/// <summary>The one call a silo host makes: <c>silo.AddImgProcess(configuration)</c>.</summary>
public static class ImgProcessSiloBuilderExtensions
{
    /// <summary>SQLite's ADO.NET invariant name; Orleans maps it to Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Npgsql's ADO.NET invariant name.</summary>
    public const string PostgreSqlInvariant = "Npgsql";

    /// <summary>
    /// Wires grain storage (ADO.NET on SQLite or PostgreSQL), the blob store, the processors and their options.
    /// Clustering is the host's choice (localhost for one machine, ADO.NET for a cluster).
    /// </summary>
    public static ISiloBuilder AddImgProcess(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = silo.Services;
        services.AddImgProcessCore(configuration);
        silo.AddImgProcessDashboard(configuration);

        foreach (var processor in BuiltInProcessors.All)
        {
            services.AddImageProcessor(processor);
        }

        services.AddSingleton<ProcessorCatalog>();
        services.AddSingleton<DecodedImageCache>();

        // Orleans' binary serializer for state: version-tolerant through [Id]s and far cheaper than JSON.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        var storage = configuration.GetValidated<StorageOptions>(StorageOptions.SectionName);
        switch (storage.Provider)
        {
            case StorageProvider.Sqlite:
                // SQLite always gets its schema at start-up: it is the one-machine default with nothing to run first.
                services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SqliteSchemaInitializer>();
                silo.AddAdoNetGrainStorage(StorageNames.AdoNet, options =>
                {
                    options.Invariant = SqliteInvariant;
                    options.ConnectionString = SqliteSchema.ConnectionString(storage.SqliteFilePath);
                    options.DeleteStateOnClear = true;
                });
                services.AddKeyedSingleton<IGrainStorage>(StorageNames.Grains, (provider, _) => new UnavailabilityTranslatingGrainStorage(
                    new SingleWriterGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.AdoNet))));
                break;
            case StorageProvider.PostgreSql:
                if (storage.ApplySchemaOnStart)
                {
                    services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgreSqlSchemaInitializer>();
                }

                silo.AddAdoNetGrainStorage(StorageNames.AdoNet, options =>
                {
                    options.Invariant = PostgreSqlInvariant;
                    options.ConnectionString = storage.GetRequiredConnectionString();
                    options.DeleteStateOnClear = true;
                });
                services.AddKeyedSingleton<IGrainStorage>(StorageNames.Grains, (provider, _) =>
                    new UnavailabilityTranslatingGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.AdoNet)));
                break;
            default:
                throw new NotSupportedException($"Storage provider {storage.Provider} is not supported.");
        }

        return silo;
    }
}
