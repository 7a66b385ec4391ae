using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ImgProcess.Grains.Hosting;

/// <summary>The one place a blob store is chosen: each kind registers its store, its options and its start-up check.</summary>
public static partial class BlobStoreRegistration
{
    /// <summary>
    /// Registers the store of <paramref name="kind"/> as <see cref="IBlobStore"/>, reached through the translation of
    /// its outages into <see cref="ServiceUnavailableException"/> (a 503 for the client).
    /// </summary>
    public static IServiceCollection AddImgProcessBlobStore(this IServiceCollection services, IConfiguration configuration, BlobStoreKind kind)
    {
        switch (kind)
        {
            case BlobStoreKind.File:
                services.TryAddSingleton<FileBlobStore>();
                services.TryAddSingleton<IBlobStore>(provider => new UnavailabilityTranslatingBlobStore(provider.GetRequiredService<FileBlobStore>()));
                break;
            case BlobStoreKind.PostgreSql:
                PostgreSqlBackend.AddDataSource(services);
                services.TryAddSingleton<PostgreSqlBlobStore>();
                services.TryAddSingleton<IBlobStore>(provider => new UnavailabilityTranslatingBlobStore(provider.GetRequiredService<PostgreSqlBlobStore>()));
                break;
            case BlobStoreKind.S3:
                services.AddOptions<S3StorageOptions>().Bind(configuration.GetSection(S3StorageOptions.SectionName)).ValidateDataAnnotations()
                    .Validate(s3 => !string.IsNullOrWhiteSpace(s3.Bucket), $"{S3StorageOptions.SectionName}:Bucket is required when ImgProcess:Storage:Blobs is S3.")
                    .ValidateOnStart();
                services.TryAddSingleton<S3BlobStore>();
                services.TryAddSingleton<IBlobStore>(provider => new UnavailabilityTranslatingBlobStore(provider.GetRequiredService<S3BlobStore>()));
                services.AddHostedService<S3BucketCheck>();
                break;
            default:
                throw new NotSupportedException($"Blob store {kind} is not supported.");
        }

        return services;
    }

    /// <summary>
    /// A provider holding only the store of <paramref name="kind"/>, configured as the service would be, for commands
    /// that work on stores directly (copying one to another). Dispose it when done.
    /// </summary>
    public static ServiceProvider BuildStandalone(IConfiguration configuration, BlobStoreKind kind)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddImgProcessBlobStore(configuration, kind);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    // At start-up: a missing bucket or refused credentials stop the process with the reason, before any upload fails.
    // A store that is merely unreachable at start is an outage, not a configuration error: the process starts, readiness
    // says the store does not answer, and requests get 503 until it does.
    private sealed partial class S3BucketCheck(S3BlobStore store, Microsoft.Extensions.Logging.ILogger<S3BucketCheck> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await store.CheckBucketAsync(cancellationToken);
            }
            catch (Exception e) when (Unavailability.Classify(e, Dependency.BlobStore) is not null || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                LogUnreachable(store.Bucket, e.Message);
            }
        }

        [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "S3 bucket {Bucket} could not be checked at start-up (the store does not answer): {Reason}")]
        private partial void LogUnreachable(string bucket, string reason);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
