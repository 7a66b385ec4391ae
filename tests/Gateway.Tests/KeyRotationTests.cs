using System.Net;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

/// <summary>Keys in a mounted file (a Kubernetes Secret) rotate without a restart; a missing key file allows no write.</summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Keys_in_the_key_file_rotate_without_a_restart_with_old_and_new_valid_together_in_between()
    {
        var keyFile = Path.Combine(data.Path, "write");
        await File.WriteAllTextAsync(keyFile, "old-key\n");
        using var factory = Factory(keyFile);
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, "old-key", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(client, "new-key", 2)).StatusCode);

        await File.WriteAllTextAsync(keyFile, "# rotation: both for a while\nold-key\nnew-key\n");
        await WaitForAsync(async () => (await UploadAsync(client, "new-key", 3)).StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, "old-key", 4)).StatusCode);

        await File.WriteAllTextAsync(keyFile, "new-key\n");
        await WaitForAsync(async () => (await UploadAsync(client, "old-key", 5)).StatusCode == HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, "new-key", 6)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(client, null, 7)).StatusCode);
    }

    [Fact]
    public async Task A_key_file_that_is_missing_allows_no_write_rather_than_every_write()
    {
        using var factory = Factory(Path.Combine(data.Path, "not-mounted"));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(client, null, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(client, "any-key", 2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/images")).StatusCode);
    }

    private GatewayFactory Factory(string keyFile) => new(data.Path, new Dictionary<string, string?>
    {
        ["ImgProcess:Access:ApiKeysFile"] = keyFile,
        ["ImgProcess:Access:KeyFileRefreshInterval"] = "00:00:00.200",
    });

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string? key, int n)
    {
        using var request = MultipartBodies.Upload(TestImages.Stamped(TestImages.RedGreenBluePng(), $"rotation {n}"), "key.png", ("X-Api-Key", key));
        return await client.SendAsync(request);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the key file change did not take effect within 10 s");
            await Task.Delay(100);
        }
    }
}
