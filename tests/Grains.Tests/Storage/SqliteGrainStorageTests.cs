using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Tests.Grains;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ImgProcess.Grains.Tests.Storage;

/// <summary>Our SQLite scripts against the real ADO.NET grain storage provider: the OrleansQuery contract.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SqliteGrainStorageTests(ClusterFixture fixture)
{
    private IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);

    private static GrainId NewId() => GrainId.Create("test", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Write_read_round_trip_advances_the_version()
    {
        var id = NewId();
        var written = new GrainState<List<string>>(["a", "b"]);
        await Storage.WriteStateAsync("probe", id, written);
        Assert.Equal("1", written.ETag);
        written.State!.Add("c");
        await Storage.WriteStateAsync("probe", id, written);
        Assert.Equal("2", written.ETag);

        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, read);

        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(["a", "b", "c"], read.State);
    }

    [Fact]
    public async Task A_stale_write_is_refused()
    {
        var id = NewId();
        var first = new GrainState<List<string>>(["first"]);
        await Storage.WriteStateAsync("probe", id, first);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = first.ETag };
        await Storage.WriteStateAsync("probe", id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, stale));
        var fresh = new GrainState<List<string>>(["duplicate insert"]);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, fresh));

        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, read);
        Assert.Equal(["first"], read.State);
    }

    [Fact]
    public async Task Clear_deletes_the_row_and_a_new_write_starts_over()
    {
        var id = NewId();
        var state = new GrainState<List<string>>(["x"]);
        await Storage.WriteStateAsync("probe", id, state);

        await Storage.ClearStateAsync("probe", id, state);
        Assert.Null(state.ETag);
        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, read);
        Assert.False(read.RecordExists);

        var again = new GrainState<List<string>>(["y"]);
        await Storage.WriteStateAsync("probe", id, again);
        Assert.Equal("1", again.ETag);
    }

    [Fact]
    public async Task Two_state_names_under_one_grain_key_do_not_overwrite_each_other()
    {
        var id = NewId();
        await Storage.WriteStateAsync("image", id, new GrainState<List<string>>(["image state"]));
        await Storage.WriteStateAsync("history", id, new GrainState<List<string>>(["history state"]));

        var image = new GrainState<List<string>>();
        await Storage.ReadStateAsync("image", id, image);
        Assert.Equal(["image state"], image.State);
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
