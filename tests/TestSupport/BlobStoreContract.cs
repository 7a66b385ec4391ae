using ImgProcess.Grains.Storage;

namespace ImgProcess.Tests;

/// <summary>
/// What every blob store promises (the file store, the PostgreSQL table, S3), run against each of them for real:
/// content-addressed keys, idempotent puts, streamed reads of the exact bytes, deletes, existence, ordered listing.
/// </summary>
public abstract class BlobStoreContract : IAsyncLifetime
{
    private IBlobStore? store;

    protected IBlobStore Store => store ?? throw new InvalidOperationException("not initialised");

    /// <summary>A new, empty store of the kind under test.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public virtual Task DisposeAsync()
    {
        (store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_put_is_read_back_whole_and_as_a_stream_in_small_reads()
    {
        var bytes = RandomBytes(3 * 1024 * 1024 + 17, seed: 1);
        await Store.PutAsync("abc123", bytes);

        Assert.Equal(bytes, await Store.ReadAllAsync("abc123"));
        await using var stream = await Store.OpenReadAsync("abc123");
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Putting_the_same_key_again_keeps_the_bytes()
    {
        var bytes = RandomBytes(1000, seed: 2);
        await Store.PutAsync("same", bytes);
        await Store.PutAsync("same", bytes);

        Assert.Equal(bytes, await Store.ReadAllAsync("same"));
        Assert.Equal(["same"], await ListAsync());
    }

    [Fact]
    public async Task A_missing_key_reads_as_nothing_and_deleting_it_is_a_no_op()
    {
        Assert.Null(await Store.ReadAllAsync("missing"));
        Assert.Null(await Store.OpenReadAsync("missing"));
        Assert.False(await Store.ExistsAsync("missing"));
        await Store.DeleteAsync("missing");
    }

    [Fact]
    public async Task A_delete_removes_the_bytes_and_only_them()
    {
        await Store.PutAsync("gone", new byte[] { 1, 2, 3 });
        await Store.PutAsync("kept", new byte[] { 4, 5 });
        Assert.True(await Store.ExistsAsync("gone"));

        await Store.DeleteAsync("gone");

        Assert.False(await Store.ExistsAsync("gone"));
        Assert.Null(await Store.ReadAllAsync("gone"));
        Assert.Equal(new byte[] { 4, 5 }, await Store.ReadAllAsync("kept"));
    }

    [Fact]
    public async Task Every_key_is_listed_once_and_a_listing_after_a_key_holds_exactly_the_keys_above_it()
    {
        string[] keys = ["f00d-thumb256.jpg", "0a", "abc", "ab", "ff", "f00d"];
        foreach (var key in keys)
        {
            await Store.PutAsync(key, new byte[] { 7 });
        }

        // Each key once, and after a key exactly the keys above it. (The order is S3's, ordinal, on a real store;
        // the test server sorts by its file names, so the contract asks for the sets only.)
        var ordered = keys.Order(StringComparer.Ordinal).ToList();
        var all = await ListAsync();
        Assert.Equal(ordered, all.Order(StringComparer.Ordinal));
        Assert.Equal(ordered.Skip(3), (await ListAsync(after: ordered[2])).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("UPPER")]
    [InlineData("")]
    public async Task Keys_that_could_name_a_path_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new byte[] { 1 }));
    }

    private async Task<List<string>> ListAsync(string? after = null)
    {
        var keys = new List<string>();
        await foreach (var key in Store.ListKeysAsync(after))
        {
            keys.Add(key);
        }

        return keys;
    }
}
