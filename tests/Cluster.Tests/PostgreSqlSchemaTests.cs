using ImgProcess.Grains.Storage;
using Npgsql;

namespace ImgProcess.Cluster.Tests;

public sealed class PostgreSqlSchemaTests
{
    private static readonly int LatestVersion = SchemaScript.Load("PostgreSql").Max(s => s.Version);

    private static async Task<(long versions, long distinctVersions, long queries, long tables)> DescribeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT COUNT(*) FROM schema_version),
                   (SELECT COUNT(DISTINCT version) FROM schema_version),
                   (SELECT COUNT(*) FROM OrleansQuery),
                   (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    [Fact]
    public async Task Applying_twice_leaves_one_schema()
    {
        var database = await PostgresServer.CreateDatabaseAsync();

        Assert.Equal(LatestVersion, await PostgreSqlSchema.ApplyAsync(database));
        var once = await DescribeAsync(database);
        Assert.Equal(LatestVersion, await PostgreSqlSchema.ApplyAsync(database));

        Assert.Equal(once, await DescribeAsync(database));
        Assert.Equal(once.versions, once.distinctVersions);
        Assert.Equal(LatestVersion, once.versions);
    }

    [Fact]
    public async Task Three_runners_at_the_same_moment_apply_each_script_once()
    {
        var database = await PostgresServer.CreateDatabaseAsync();

        var versions = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgreSqlSchema.ApplyAsync(database))));

        Assert.All(versions, v => Assert.Equal(LatestVersion, v));
        var schema = await DescribeAsync(database);
        Assert.Equal(LatestVersion, schema.versions);
        Assert.Equal(schema.versions, schema.distinctVersions);

        var fresh = await PostgresServer.CreateDatabaseAsync();
        await PostgreSqlSchema.ApplyAsync(fresh);
        Assert.Equal(await DescribeAsync(fresh), schema);
    }
}
