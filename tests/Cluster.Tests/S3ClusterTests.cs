using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using Xunit.Abstractions;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// A cluster with grain state and membership in PostgreSQL and image bytes in a real S3-compatible server (s3rver):
/// uploads, views and thumbnails served from the bucket, deletes, and the store stopped under load.
/// </summary>
[Collection(RealClusterCollection.Name)]
public sealed class S3ClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bytes_live_in_the_bucket_are_served_with_etags_and_go_with_the_last_upload_of_them()
    {
        var bucket = await S3Server.CreateBucketAsync();
        await using var cluster = await RealCluster.StartAsync(await PostgresServer.CreateDatabaseAsync(), 2, S3Server.Settings(bucket));
        using var client = cluster.Gateway.CreateClient();
        var photo = TestImages.LandscapeJpeg(320, 240, seed: 31);

        var first = await UploadAsync(client, photo);
        var second = await UploadAsync(client, photo);
        var sha = first["sha256"]!.GetValue<string>();
        Assert.Equal(sha, second["sha256"]!.GetValue<string>());
        Assert.Contains(sha, await BucketKeysAsync(bucket));

        // The view: the stored bytes, a strong ETag, 304 for a client that has them.
        var view = await client.GetAsync(first["image_url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal(photo, await view.Content.ReadAsByteArrayAsync());
        var etag = view.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, first["image_url"]!.GetValue<string>());
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        // The thumbnail, made by a silo, stored in the bucket, served by the gateway.
        var thumbnailUrl = first["result"]!["Thumbnail"]!["url"]!.GetValue<string>();
        var thumbnail = await client.GetAsync(thumbnailUrl);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(thumbnail.Headers.ETag);
        var thumbnailKey = thumbnailUrl[(thumbnailUrl.LastIndexOf('/') + 1)..];
        Assert.Contains(thumbnailKey, await BucketKeysAsync(bucket));

        // One of two uploads of the same bytes goes: the bytes stay. The last goes: bytes and thumbnail leave the bucket.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/images/{first["id"]!.GetValue<string>()}")).StatusCode);
        Assert.Contains(sha, await BucketKeysAsync(bucket));
        Assert.Equal(photo, await client.GetByteArrayAsync(second["image_url"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/images/{second["id"]!.GetValue<string>()}")).StatusCode);
        var left = await BucketKeysAsync(bucket);
        Assert.DoesNotContain(sha, left);
        Assert.DoesNotContain(thumbnailKey, left);
    }

    [Fact]
    public async Task The_store_stopped_under_load_gives_503_with_retry_after_then_recovers_and_loses_nothing()
    {
        using var s3 = new PrivateS3();
        var bucket = S3Server.OptionsFor(s3.Endpoint, "imgprocess");
        await using var cluster = await RealCluster.StartAsync(await PostgresServer.CreateDatabaseAsync(), 2, S3Server.Settings(bucket));
        using var client = cluster.Gateway.CreateClient();
        await using var load = new UploadLoad(client, clientCount: 4);
        await load.WaitForAcksAsync(20, TimeSpan.FromSeconds(90));

        var outageStart = load.Now;
        s3.Stop();
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var ready = await client.GetAsync("/health/ready");
        await Task.Delay(TimeSpan.FromSeconds(5));
        s3.Start();
        var outageEnd = load.Now;
        var firstSuccess = await load.FirstSuccessSentAfterAsync(outageEnd, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync();

        var duringOutage = load.Answers.Where(a => a.At >= outageStart && a.At <= outageEnd).ToList();
        output.WriteLine($"{load.Summary()}; during the outage {duringOutage.Count} answers, longest {duringOutage.Max(a => a.Took).TotalSeconds:0.00} s; " +
                         $"first 200 {(firstSuccess - outageEnd)?.TotalSeconds:0.0} s after the store returned; readiness during {ready.StatusCode}");
        Assert.All(load.Answers, a => Assert.True(a.Status is 200 or 503, $"status {a.Status}: {a.Body}"));
        Assert.All(load.Answers.Where(a => a.Status == 503), a => Assert.True(a.HasRetryAfter, "503 without Retry-After"));
        Assert.Contains(duringOutage, a => a.Status == 503);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.True(firstSuccess is not null && firstSuccess - outageEnd < TimeSpan.FromSeconds(15), "uploads did not recover within 15 s of the store's return");
        output.WriteLine(await UploadLoad.VerifyNothingLostAsync(client, load.Acked));
    }

    private static async Task<JsonNode> UploadAsync(HttpClient client, byte[] image)
    {
        var response = await client.PostAsync("/images", MultipartBodies.Image(image, "s3.jpg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<List<string>> BucketKeysAsync(Grains.Storage.S3StorageOptions bucket)
    {
        using var client = S3Server.Client(bucket);
        var listing = await client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket.Bucket });
        return [.. (listing.S3Objects ?? []).Select(o => o.Key)];
    }
}
