using ImgProcess.Grains.Hosting;
using ImgProcess.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ImgProcess.Cluster.Tests;

/// <summary>An in-process silo whose grain storage and blobs are in a real PostgreSQL database of its own.</summary>
public sealed class PostgresSiloFixture : IAsyncLifetime
{
    private readonly TempDirectory data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImgProcess:Storage:Provider"] = "PostgreSql",
            ["ImgProcess:Storage:ConnectionString"] = ConnectionString,
            ["ImgProcess:Storage:DataDirectory"] = data.Path,
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddImgProcess(configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        data.Dispose();
    }
}

/// <summary>Our PostgreSQL persistence script against the real ADO.NET grain storage provider.</summary>
public sealed class PostgreSqlStorageTests(PostgresSiloFixture fixture) : GrainStorageContract, IClassFixture<PostgresSiloFixture>
{
    protected override IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
}
