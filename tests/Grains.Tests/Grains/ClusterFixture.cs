using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Uploads;
using ImgProcess.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ImgProcess.Grains.Tests.Grains;

/// <summary>One in-process silo on the real SQLite storage, with four test processors beside the built-ins.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory data = new();

    /// <summary>Orleans' ADO.NET grain storage on the silo's SQLite database, beside ours.</summary>
    public const string AdoNetStorageName = "test-adonet";

    public static readonly TimeSpan ProcessorTimeout = TimeSpan.FromMilliseconds(800);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string DataDirectory => data.Path;

    public IGrainFactory Grains => Cluster.Client;

    public T SiloService<T>() where T : notnull => Cluster.GetSiloServiceProvider().GetRequiredService<T>();

    public ImageIntake Intake => SiloService<ImageIntake>();

    /// <summary>The clock of the history partitions, which a test may set back.</summary>
    public ShiftedClock Clock { get; } = new();

    private int contentStoreFailures;
    private Action? onContentStoreFailure;

    /// <summary>How many of the next writes of new results to a content fail as an outage would, and what each failure does.</summary>
    public void FailContentStores(int count, Action? onFailure = null) => (contentStoreFailures, onContentStoreFailure) = (count, onFailure);

    /// <summary>While true, every add to a similarity shard fails as an outage would.</summary>
    public bool IndexUnavailable { get; set; }

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImgProcess:Storage:DataDirectory"] = data.Path,
            ["ImgProcess:Processing:ProcessorTimeout"] = ProcessorTimeout.ToString(),
        }.Concat(VisionProcessors.Off())).Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddImgProcess(configuration);
            silo.Services.AddKeyedSingleton<TimeProvider>(HistoryGrain.ClockKey, Clock);
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod.DeclaringType == typeof(ImgProcess.Grains.Content.IContentGrain) && call.InterfaceMethod.Name == nameof(ImgProcess.Grains.Content.IContentGrain.Store)
                    && Interlocked.Decrement(ref contentStoreFailures) >= 0)
                {
                    onContentStoreFailure?.Invoke();
                    throw new ImgProcess.Grains.Faults.ServiceUnavailableException(ImgProcess.Grains.Faults.Dependency.Database, "test: the content's results cannot be written");
                }

                if (IndexUnavailable && call.InterfaceMethod.DeclaringType == typeof(ISimilarityIndexGrain) && call.InterfaceMethod.Name == nameof(ISimilarityIndexGrain.Add))
                {
                    throw new ImgProcess.Grains.Faults.ServiceUnavailableException(ImgProcess.Grains.Faults.Dependency.Database, "test: the index is unavailable");
                }

                await call.Invoke();
            });
            // Orleans' own ADO.NET provider on the same database, for the tests that the two read each other's rows.
            silo.AddAdoNetGrainStorage(AdoNetStorageName, options =>
            {
                options.Invariant = "System.Data.SQLite";
                options.ConnectionString = SqliteSchema.ConnectionString(Path.Combine(data.Path, "imgprocess.db"));
                options.DeleteStateOnClear = true;
            });
            silo.Services.AddImageProcessor<ThrowingProcessor>();
            silo.Services.AddImageProcessor<SlowProcessor>();
            silo.Services.AddImageProcessor<PixelCountProcessor>();
            silo.Services.AddImageProcessor<RunCountProcessor>();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        data.Dispose();
    }
}

/// <summary>The system clock moved by <see cref="Offset"/>.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "in-process cluster";
}
