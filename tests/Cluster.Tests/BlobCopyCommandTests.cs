using ImgProcess.Grains.Storage;
using ImgProcess.Tests;
using Npgsql;

namespace ImgProcess.Cluster.Tests;

/// <summary>The copy command moves an installation's bytes from PostgreSQL to S3: all of them, exactly, again and again.</summary>
public sealed class BlobCopyCommandTests
{
    [Fact]
    public async Task Copying_from_postgresql_to_s3_moves_every_blob_is_idempotent_and_resumes_what_is_missing()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await PostgreSqlSchema.ApplyAsync(database);
        var source = new PostgreSqlBlobStore(NpgsqlDataSource.Create(database));
        var blobs = Enumerable.Range(0, 230).ToDictionary(i => $"{i:x4}{(i % 3 == 0 ? "-thumb256.jpg" : "")}", i =>
        {
            var bytes = new byte[1000 + i];
            new Random(i).NextBytes(bytes);
            return bytes;
        });
        foreach (var (key, bytes) in blobs)
        {
            await source.PutAsync(key, bytes);
        }

        var bucket = await S3Server.CreateBucketAsync();
        var settings = S3Server.Settings(bucket);
        settings.Remove("ImgProcess__Storage__Blobs");
        settings["ImgProcess__Storage__Provider"] = "PostgreSql";
        settings["ImgProcess__Storage__ConnectionString"] = database;

        var first = await CopyAsync(settings);
        Assert.Contains("200 keys:", first, StringComparison.Ordinal); // progress on the way
        Assert.Contains("done: 230 keys, 230 copied, 0 already there", first, StringComparison.Ordinal);
        using var target = S3Server.Store(bucket);
        foreach (var (key, bytes) in blobs)
        {
            Assert.Equal(bytes, await target.ReadAllAsync(key));
        }

        Assert.Contains("done: 230 keys, 0 copied, 230 already there", await CopyAsync(settings), StringComparison.Ordinal);

        // A run that stopped part-way: what the target lacks is copied, nothing else.
        foreach (var key in blobs.Keys.Take(7))
        {
            await target.DeleteAsync(key);
        }

        Assert.Contains("done: 230 keys, 7 copied, 223 already there", await CopyAsync(settings), StringComparison.Ordinal);
        Assert.Equal(blobs[blobs.Keys.First()], await target.ReadAllAsync(blobs.Keys.First()));
    }

    private static async Task<string> CopyAsync(Dictionary<string, string> settings)
    {
        using var command = ServiceProcess.StartSilo(settings, "blobs", "copy", "--from", "PostgreSql", "--to", "S3");
        var exit = await command.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, command.Output);
        return command.Output;
    }
}
