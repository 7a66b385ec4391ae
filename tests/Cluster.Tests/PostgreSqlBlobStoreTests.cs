using ImgProcess.Grains.Storage;
using ImgProcess.Tests;
using Npgsql;

namespace ImgProcess.Cluster.Tests;

/// <summary>The PostgreSQL table against the blob-store contract, each test on a database of its own.</summary>
public sealed class PostgreSqlBlobStoreContractTests : BlobStoreContract
{
    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await PostgreSqlSchema.ApplyAsync(database);
        return new PostgreSqlBlobStore(NpgsqlDataSource.Create(database));
    }
}

public sealed class PostgreSqlBlobStoreTests
{
    private static async Task<PostgreSqlBlobStore> StoreAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        await PostgreSqlSchema.ApplyAsync(database);
        return new PostgreSqlBlobStore(NpgsqlDataSource.Create(database));
    }

    [Fact]
    public async Task Stores_streams_and_deletes_bytes()
    {
        var store = await StoreAsync();
        var bytes = new byte[3 * 1024 * 1024];
        new Random(5).NextBytes(bytes);

        await store.PutAsync("abc", bytes);
        await store.PutAsync("abc", bytes);

        Assert.Equal(bytes, await store.ReadAllAsync("abc"));
        await using (var stream = await store.OpenReadAsync("abc"))
        {
            Assert.NotNull(stream);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        await store.DeleteAsync("abc");
        Assert.Null(await store.ReadAllAsync("abc"));
        Assert.Null(await store.OpenReadAsync("abc"));
    }

    [Fact]
    public async Task Refuses_keys_that_are_not_blob_keys()
    {
        var store = await StoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("../x", new byte[] { 1 }));
    }
}
