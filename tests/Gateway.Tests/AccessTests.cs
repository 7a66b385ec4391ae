using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

/// <summary>A gateway host with its own settings, for one test class.</summary>
public abstract class ConfiguredGateway : IDisposable
{
    private readonly TempDirectory data = new();

    protected ConfiguredGateway(Dictionary<string, string?> settings)
    {
        Factory = new GatewayFactory(data.Path, settings);
        Client = Factory.CreateClient();
    }

    protected GatewayFactory Factory { get; }

    protected HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        data.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static MultipartFormDataContent Photo(int seed) => MultipartBodies.Image(TestImages.LandscapeJpeg(32, 24, seed), "p.jpg");

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? key = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await Client.SendAsync(request);
    }
}

public sealed class ApiKeyTests() : ConfiguredGateway(new()
{
    ["ImgProcess:Access:ApiKeys:0"] = "writer-key",
    ["ImgProcess:Access:AdminApiKeys:0"] = "admin-key",
})
{
    [Fact]
    public async Task Writes_need_a_key_401_without_403_with_a_wrong_one_and_reads_stay_open()
    {
        var missing = await SendAsync(HttpMethod.Post, "/images", Photo(1));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(missing.Headers.WwwAuthenticate);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/images", Photo(2), key: "wrong")).StatusCode);

        var accepted = await SendAsync(HttpMethod.Post, "/images", Photo(3), key: "writer-key");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var id = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/images")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Delete, $"/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/images/{id}", key: "writer-key")).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Post, "/images") { Content = Photo(4) };
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "writer-key");
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task The_backfill_is_for_admin_keys_only()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/images/reprocess", key: "writer-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, "/images/reprocess", key: "admin-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/images", Photo(5), key: "admin-key")).StatusCode);
    }
}

public sealed class OwnershipTests() : ConfiguredGateway(new()
{
    ["ImgProcess:Access:ApiKeys:0"] = "alice-key",
    ["ImgProcess:Access:ApiKeys:1"] = "bob-key",
    ["ImgProcess:Access:AdminApiKeys:0"] = "admin-key",
})
{
    private async Task<string> UploadAsync(string key, int seed)
    {
        var response = await SendAsync(HttpMethod.Post, "/images", Photo(seed), key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Only_the_uploading_key_or_an_admin_key_may_delete_or_reprocess_an_upload()
    {
        var id = await UploadAsync("alice-key", 60);

        var record = JsonNode.Parse(await (await SendAsync(HttpMethod.Get, $"/images/{id}")).Content.ReadAsStringAsync())!;
        var owner = record["owner"]!.GetValue<string>();
        Assert.StartsWith("key-", owner, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", owner, StringComparison.Ordinal);

        var bobsDelete = await SendAsync(HttpMethod.Delete, $"/images/{id}", key: "bob-key");
        Assert.Equal(HttpStatusCode.Forbidden, bobsDelete.StatusCode);
        Assert.Equal("application/problem+json", bobsDelete.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/images/{id}/reprocess", key: "bob-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/images/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/images/{id}/reprocess", key: "alice-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/images/{id}", key: "alice-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/images/{id}")).StatusCode);

        var other = await UploadAsync("bob-key", 61);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/images/{other}", key: "admin-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/images/{other}")).StatusCode);
    }
}

public sealed class ProtectedReadTests() : ConfiguredGateway(new()
{
    ["ImgProcess:Access:ApiKeys:0"] = "alice-key",
    ["ImgProcess:Access:ApiKeys:1"] = "bob-key",
    ["ImgProcess:Access:AdminApiKeys:0"] = "admin-key",
    ["ImgProcess:Access:ProtectReads"] = "true",
})
{
    [Fact]
    public async Task With_protected_reads_a_key_sees_only_its_own_uploads_and_an_admin_sees_all()
    {
        var response = await SendAsync(HttpMethod.Post, "/images", Photo(70), "alice-key");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var (id, view) = (body["id"]!.GetValue<string>(), body["image_url"]!.GetValue<string>());

        foreach (var url in new[] { $"/images/{id}", view, $"/images/{id}/similar" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, url, key: "bob-key")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/images/{id}", key: "alice-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, view, key: "alice-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/images/{id}", key: "admin-key")).StatusCode);

        static async Task<List<string>> IdsAsync(HttpResponseMessage page) =>
            [.. JsonNode.Parse(await page.Content.ReadAsStringAsync())!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
        Assert.DoesNotContain(id, await IdsAsync(await SendAsync(HttpMethod.Get, "/images", key: "bob-key")));
        Assert.Contains(id, await IdsAsync(await SendAsync(HttpMethod.Get, "/images", key: "alice-key")));
    }
}

public sealed class RateLimitTests() : ConfiguredGateway(new() { ["ImgProcess:Limits:UploadsPerClientPerMinute"] = "3" })
{
    [Fact]
    public async Task Uploads_past_the_per_client_limit_get_429_with_retry_after_and_reads_are_not_limited()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/images", Photo(10 + i))).StatusCode);
        }

        var limited = await SendAsync(HttpMethod.Post, "/images", Photo(20));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.NotNull(JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/images")).StatusCode);
    }
}

public sealed class UploadBackpressureTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task With_every_slot_taken_and_no_queue_an_upload_gets_503_with_retry_after()
    {
        // A real Kestrel: the first upload's body arrives slowly and holds the only slot.
        using var gateway = await ServiceProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["ImgProcess__Limits__MaxConcurrentUploads"] = "1",
            ["ImgProcess__Limits__UploadQueueLength"] = "0",
        });
        using var client = gateway.CreateClient();
        var release = new TaskCompletionSource();
        var slow = new SlowContent(release.Task);
        var first = client.PostAsync("/images", new MultipartFormDataContent { { slow, "image", "slow.jpg" } });
        await slow.Started;
        await Task.Delay(500); // let the first request reach the handler and take the slot

        var second = await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(32, 24, seed: 30), "p.jpg"));
        release.SetResult();
        await first;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.True(second.Headers.Contains("Retry-After"));
        Assert.NotNull(JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]);
        var after = await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(32, 24, seed: 31), "p.jpg"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>A body that sends a few bytes, then waits, holding the upload slot.</summary>
    private sealed class SlowContent(Task release) : HttpContent
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => started.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(TestImages.LandscapeJpeg(32, 24, seed: 1).AsMemory(0, 100));
            await stream.FlushAsync();
            started.TrySetResult();
            await release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

public sealed class ResponseHeaderTests() : ConfiguredGateway(new())
{
    [Theory]
    [InlineData("/images")]
    [InlineData("/images/view/nope.png")]
    [InlineData("/processors")]
    public async Task Every_response_carries_security_headers_and_no_cors_by_default(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://elsewhere.example");

        var response = await Client.SendAsync(request);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

public sealed class CorsTests() : ConfiguredGateway(new() { ["ImgProcess:Access:CorsOrigins:0"] = "https://app.example" })
{
    [Fact]
    public async Task Configured_origins_get_cors_headers_and_others_do_not()
    {
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/images");
        allowed.Headers.Add("Origin", "https://app.example");
        using var other = new HttpRequestMessage(HttpMethod.Get, "/images");
        other.Headers.Add("Origin", "https://evil.example");

        Assert.Equal("https://app.example", (await Client.SendAsync(allowed)).Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False((await Client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }
}
