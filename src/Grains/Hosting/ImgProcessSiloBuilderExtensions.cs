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
    /// <summary>
    /// Wires grain storage (the configured <see cref="DatabaseBackend"/>), the blob store, the processors and their
    /// options. Clustering is the host's call: <see cref="ImgProcessClusteringExtensions.UseImgProcessClustering(ISiloBuilder, IConfiguration)"/>.
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

        if (configuration.GetSection(ProcessingOptions.SectionName).GetValue<TimeSpan>(nameof(ProcessingOptions.DelayProcessor)) > TimeSpan.Zero)
        {
            services.AddImageProcessor<DelayProcessor>();
        }

        services.AddOptions<Vision.ModelOptions>().Bind(configuration.GetSection(Vision.ModelOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Vision.Ocr.OcrModels>();
        services.AddSingleton<Vision.ResNetModels>();
        services.AddSingleton<ProcessorCatalog>();
        services.AddSingleton<DecodedImageCache>();
        services.AddSingleton<Deferred.DeferredSlots>();
        services.AddSingleton<Deferred.DeferredQueueStats>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, Deferred.DeferredQueueWaker>();
        services.AddHttpClient(Webhooks.WebhookSender.ClientName);
        services.AddSingleton<Webhooks.WebhookSender>();

        // Orleans' binary serializer for state: version-tolerant through [Id]s and far cheaper than JSON.
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        DatabaseBackend.For(configuration.GetValidated<StorageOptions>(StorageOptions.SectionName)).AddGrainStorage(silo);
        return silo;
    }
}
