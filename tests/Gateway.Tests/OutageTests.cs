using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// A store that fails under the service (here a real I/O error: the blob's fan-out directory cannot be created) is an
/// outage: 503 with Retry-After and a JSON body, nothing listed, and the same upload succeeds once the store is back.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly GatewayFactory factory;
    private readonly HttpClient client;

    public OutageTests()
    {
        factory = new GatewayFactory(data.Path);
        client = factory.CreateClient();
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task An_upload_the_blob_store_cannot_take_is_503_with_retry_after_and_succeeds_when_the_store_is_back()
    {
        var photo = TestImages.Stamped(TestImages.LandscapeJpeg(200, 150, seed: 8), "outage");
        var (_, fanOut) = await BlockTheStoreForAsync(photo);

        var refused = await client.PostAsync("/images", MultipartBodies.Image(photo, "outage.jpg"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("The image store is temporarily unavailable", body["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]?.GetValue<string>()));
        Assert.Equal("[]", await client.GetStringAsync("/images"));

        File.Delete(fanOut);
        var accepted = await client.PostAsync("/images", MultipartBodies.Image(photo, "outage.jpg"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var image = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!;
        Assert.Equal(photo, await client.GetByteArrayAsync(image["image_url"]!.GetValue<string>()));
        Assert.Single(JsonNode.Parse(await client.GetStringAsync("/images"))!.AsArray());
    }

    [Fact]
    public async Task An_upload_answered_503_keeps_no_hold_on_its_bytes_so_deleting_the_one_that_succeeded_removes_them()
    {
        var photo = TestImages.Stamped(TestImages.LandscapeJpeg(200, 150, seed: 9), "outage, then delete");
        var (sha256, fanOut) = await BlockTheStoreForAsync(photo);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("/images", MultipartBodies.Image(photo, "first.jpg"))).StatusCode);

        File.Delete(fanOut);
        var accepted = JsonNode.Parse(await (await client.PostAsync("/images", MultipartBodies.Image(photo, "second.jpg"))).Content.ReadAsStringAsync())!;
        var blob = Path.Combine(fanOut, sha256);
        Assert.True(File.Exists(blob));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/images/{accepted["id"]!.GetValue<string>()}")).StatusCode);

        // The refused upload's clean-up runs in the background: before or after this delete, the bytes go with the last reference.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (File.Exists(blob) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(File.Exists(blob), "the bytes stayed after their only successful upload was deleted");
        Assert.Equal("[]", await client.GetStringAsync("/images"));
    }

    // A file where the store needs the fan-out directory of these bytes: their write fails with a real I/O error until
    // the file is deleted.
    private async Task<(string Sha256, string FanOut)> BlockTheStoreForAsync(byte[] photo)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(photo));
        var fanOut = Path.Combine(data.Path, "blobs", sha256[..2]);
        Directory.CreateDirectory(Path.GetDirectoryName(fanOut)!);
        await File.WriteAllTextAsync(fanOut, "a file where the store needs a directory");
        return (sha256, fanOut);
    }
}
