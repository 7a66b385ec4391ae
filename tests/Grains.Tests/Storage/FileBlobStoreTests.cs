using ImgProcess.Grains.Storage;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Tests.Storage;

/// <summary>The file store against the blob-store contract.</summary>
public sealed class FileBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly TempDirectory data = new();

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new FileBlobStore(Options.Create(new StorageOptions { DataDirectory = data.Path })));

    public void Dispose() => data.Dispose();
}

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly FileBlobStore store;

    public FileBlobStoreTests() => store = new FileBlobStore(Options.Create(new StorageOptions { DataDirectory = data.Path }));

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Stores_reads_and_deletes_bytes()
    {
        await store.PutAsync("abc123", new byte[] { 1, 2, 3 });

        Assert.Equal(new byte[] { 1, 2, 3 }, await store.ReadAllAsync("abc123"));
        await using (var stream = await store.OpenReadAsync("abc123"))
        {
            Assert.NotNull(stream);
            Assert.Equal(3, stream.Length);
        }

        await store.DeleteAsync("abc123");
        Assert.Null(await store.ReadAllAsync("abc123"));
        Assert.Null(await store.OpenReadAsync("abc123"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("UPPER")]
    [InlineData("")]
    public async Task Refuses_keys_that_could_name_a_path(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new byte[] { 1 }));
        Assert.False(Directory.EnumerateFiles(Path.GetDirectoryName(data.Path)!, "escape", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Leaves_no_temporary_files_behind()
    {
        await store.PutAsync("k1", new byte[1000]);
        await store.PutAsync("k1", new byte[1000]);

        Assert.Empty(Directory.EnumerateFiles(data.Path, "*.tmp", SearchOption.AllDirectories));
    }
}
