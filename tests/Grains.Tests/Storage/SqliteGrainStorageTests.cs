using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Tests.Grains;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ImgProcess.Tests;
using Orleans.Storage;

namespace ImgProcess.Grains.Tests.Storage;

/// <summary>Our SQLite scripts against the real ADO.NET grain storage provider: the OrleansQuery contract.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SqliteGrainStorageTests(ClusterFixture fixture) : GrainStorageContract
{
    protected override IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);

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
