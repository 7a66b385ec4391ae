using ImgProcess.Grains.Faults;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Hosting;

/// <summary>Registrations shared by silos and gateways.</summary>
public static class ImgProcessServiceCollectionExtensions
{
    /// <summary>
    /// Options, the blob store, the image library configuration and the upload intake: what a gateway needs
    /// whether it hosts a silo or is a client of one.
    /// </summary>
    public static IServiceCollection AddImgProcessCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProcessingOptions>().Bind(configuration.GetSection(ProcessingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImgProcessClusterOptions>().Bind(configuration.GetSection(ImgProcessClusterOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<HistoryOptions>().Bind(configuration.GetSection(HistoryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SimilarityOptions>().Bind(configuration.GetSection(SimilarityOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExifOptions>().Bind(configuration.GetSection(ExifOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HistogramOptions>().Bind(configuration.GetSection(HistogramOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DominantColoursOptions>().Bind(configuration.GetSection(DominantColoursOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ThumbnailOptions>().Bind(configuration.GetSection(ThumbnailOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Webhooks.WebhookOptions>().Bind(configuration.GetSection(Webhooks.WebhookOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Privacy.PrivacyOptions>().Bind(configuration.GetSection(Privacy.PrivacyOptions.SectionName));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(History.HistoryGrain.ClockKey, TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ImgProcessMetrics>();
        var storage = configuration.GetValidated<StorageOptions>(StorageOptions.SectionName);
        var database = DatabaseBackend.For(storage);
        services.TryAddSingleton(database);
        database.AddServices(services);
        services.AddImgProcessBlobStore(configuration, storage.EffectiveBlobs);

        services.TryAddSingleton<ImageDecoding>();
        services.TryAddSingleton<ImageIntake>();
        services.TryAddSingleton<HistoryReader>();
        services.TryAddSingleton<SimilarityIndex>();
        services.TryAddSingleton<LookIndex>();
        services.TryAddSingleton<TextSearch.TextIndex>();
        return services;
    }

    /// <summary>
    /// Registers a processor defined outside <see cref="BuiltInProcessors"/> (a plug-in, or a test's own).
    /// Built-ins are registered from the list; this is the same registration for one more type.
    /// </summary>
    public static IServiceCollection AddImageProcessor<TProcessor>(this IServiceCollection services)
        where TProcessor : class, IImageProcessor => services.AddImageProcessor(typeof(TProcessor));

    /// <summary>Registers the processor type <paramref name="processorType"/> as a singleton <see cref="IImageProcessor"/>.</summary>
    public static IServiceCollection AddImageProcessor(this IServiceCollection services, Type processorType)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IImageProcessor), processorType));
        return services;
    }
}
