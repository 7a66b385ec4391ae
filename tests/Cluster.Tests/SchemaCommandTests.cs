using ImgProcess.Tests;
using Npgsql;

namespace ImgProcess.Cluster.Tests;

public sealed class SchemaCommandTests
{
    [Fact]
    public async Task The_schema_command_run_twice_leaves_one_schema()
    {
        var settings = new Dictionary<string, string>
        {
            ["ImgProcess__Storage__Provider"] = "PostgreSql",
            ["ImgProcess__Storage__ConnectionString"] = await PostgresServer.CreateDatabaseAsync(),
        };
        foreach (var run in new[] { 1, 2 })
        {
            using var command = ServiceProcess.StartSilo(settings, "schema");
            Assert.Equal(0, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("schema is at version", command.Output, StringComparison.Ordinal);
        }

        await using var connection = new NpgsqlConnection(settings["ImgProcess__Storage__ConnectionString"]);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_version", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        Assert.Equal(ImgProcess.Grains.Storage.SchemaScript.Load("PostgreSql").Count, reader.GetInt64(0));
    }
}
