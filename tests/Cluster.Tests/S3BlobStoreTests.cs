using ImgProcess.Grains.Storage;
using ImgProcess.Tests;

namespace ImgProcess.Cluster.Tests;

/// <summary>The S3 store against the blob-store contract, on a real S3-compatible server, each test in a bucket of its own.</summary>
public sealed class S3BlobStoreContractTests : BlobStoreContract
{
    protected override async Task<IBlobStore> CreateStoreAsync() => S3Server.Store(await S3Server.CreateBucketAsync());
}

public sealed class S3BlobStoreTests
{
    [Fact]
    public async Task A_key_prefix_keeps_the_store_inside_its_part_of_the_bucket()
    {
        var options = await S3Server.CreateBucketAsync();
        using var outside = S3Server.Store(options);
        options.KeyPrefix = "tenant-a/";
        using var inside = S3Server.Store(options);

        await inside.PutAsync("abc", new byte[] { 1, 2 });
        await outside.PutAsync("other", new byte[] { 3 });

        Assert.Equal(["abc"], await ListAsync(inside));
        Assert.Equal(["other"], await ListAsync(outside)); // "tenant-a/abc" is no key of the outer store
        Assert.False(await inside.ExistsAsync("other"));
        using var client = S3Server.Client(options);
        Assert.NotNull(await client.GetObjectMetadataAsync(options.Bucket, "tenant-a/abc"));
    }

    [Fact]
    public async Task A_missing_bucket_and_refused_credentials_are_said_plainly_at_the_check()
    {
        var options = await S3Server.CreateBucketAsync();
        using var missing = S3Server.Store(S3Server.OptionsFor(options.ServiceUrl!, "no-such-bucket-here"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.CheckBucketAsync());
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);

        var wrongKey = S3Server.OptionsFor(options.ServiceUrl!, options.Bucket!);
        wrongKey.AccessKey = "NOT-A-KEY";
        using var refused = S3Server.Store(wrongKey);
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.CheckBucketAsync());
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);

        using var good = S3Server.Store(options);
        await good.CheckBucketAsync();
    }

    private static async Task<List<string>> ListAsync(S3BlobStore store)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListKeysAsync())
        {
            keys.Add(key);
        }

        return keys;
    }
}
