using System.Diagnostics.Metrics;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Tests.Grains;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ImgProcess.Tests;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ImgProcess.Grains.Tests.Storage;

/// <summary>
/// The silo's SQLite grain storage (ours, group-committed) against the storage contract; rows it and Orleans' ADO.NET
/// provider write are read by the other; writes arriving together share commits and keep their own outcomes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SqliteGrainStorageTests(ClusterFixture fixture) : GrainStorageContract
{
    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider();

    protected override IGrainStorage Storage => Silo.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);

    private IGrainStorage AdoNet => Silo.GetRequiredKeyedService<IGrainStorage>(ClusterFixture.AdoNetStorageName);

    public static TheoryData<string> KeyKinds => ["guid", "integer with extension", "string"];

    private static GrainId NewId(string kind) => kind switch
    {
        "guid" => GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
        "integer with extension" => GrainId.Create(GrainType.Create("test"), GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64(), "shard-7")),
        _ => GrainId.Create("test", $"content-{Guid.NewGuid():N}{Guid.NewGuid():N}"),
    };

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task A_row_the_ado_net_provider_wrote_is_read_and_updated_by_ours_and_read_back_by_it(string keyKind)
    {
        var id = NewId(keyKind);
        var byProvider = new GrainState<List<string>>(["written by the provider"]);
        await AdoNet.WriteStateAsync("probe", id, byProvider);

        var ours = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, ours);
        Assert.True(ours.RecordExists);
        Assert.Equal(byProvider.ETag, ours.ETag);
        Assert.Equal(["written by the provider"], ours.State);

        ours.State!.Add("and by ours");
        await Storage.WriteStateAsync("probe", id, ours);
        var again = new GrainState<List<string>>();
        await AdoNet.ReadStateAsync("probe", id, again);
        Assert.Equal(ours.ETag, again.ETag);
        Assert.Equal(["written by the provider", "and by ours"], again.State);

        // A stale ETag from the provider's first write is refused by ours, and the row is untouched.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, byProvider));
        await AdoNet.ClearStateAsync("probe", id, again);
        var cleared = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, cleared);
        Assert.False(cleared.RecordExists);
    }

    [Fact]
    public async Task Writes_that_arrive_together_share_commits_and_each_keeps_its_own_outcome()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "imgprocess.db");
        SqliteSchema.Apply(file);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var writesPerCommit = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "imgprocess.storage.commit.writes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, writes, _, _) =>
        {
            lock (writesPerCommit)
            {
                writesPerCommit.Add(writes);
            }
        });
        listener.Start();
        using var storage = new SqliteGrainStorage(SqliteSchema.ConnectionString(file), "test-service",
            Silo.GetRequiredService<IGrainStorageSerializer>(), Silo.GetRequiredService<IActivatorProvider>(), new ImgProcessMetrics(meters));

        var ids = Enumerable.Range(0, 100).Select(_ => NewId("string")).ToList();
        var first = ids.Select(id => new GrainState<List<string>>(["first"])).ToList();
        await Task.WhenAll(ids.Select((id, i) => storage.WriteStateAsync("probe", id, first[i])));
        // Each grain at once: a stale first write (a second activation's) and the real second write.
        var attempts = ids.SelectMany((id, i) => new[]
        {
            Outcome(storage.WriteStateAsync("probe", id, new GrainState<List<string>>(["stale"]))),
            Outcome(storage.WriteStateAsync("probe", id, new GrainState<List<string>>(["second"]) { ETag = first[i].ETag })),
        }).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "conflict" : "ok"), outcomes);
        foreach (var id in ids)
        {
            var read = new GrainState<List<string>>();
            await storage.ReadStateAsync("probe", id, read);
            Assert.Equal(["second"], read.State);
            Assert.Equal("2", read.ETag);
        }

        lock (writesPerCommit)
        {
            Assert.Equal(300, writesPerCommit.Sum());
            Assert.True(writesPerCommit.Count <= 150, $"300 writes took {writesPerCommit.Count} commits.");
        }
    }

    private static async Task<string> Outcome(Task write)
    {
        try
        {
            await write;
            return "ok";
        }
        catch (InconsistentStateException)
        {
            return "conflict";
        }
    }

    [Fact]
    public void Applying_the_schema_again_is_a_no_op()
    {
        var file = Path.Combine(fixture.DataDirectory, "imgprocess.db");
        var version = SqliteSchema.Apply(file);
        Assert.Equal(version, SqliteSchema.Apply(file));

        using var connection = new SqliteConnection(SqliteSchema.ConnectionString(file));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM SchemaVersion; SELECT COUNT(*) FROM OrleansQuery;";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(version, reader.GetInt32(0));
        reader.NextResult();
        reader.Read();
        Assert.Equal(4, reader.GetInt32(0));
    }
}
