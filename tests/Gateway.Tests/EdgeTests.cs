using System.Globalization;
using System.Net;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// The gateway as it meets a production network: it refuses to run a cluster with open writes, believes forwarded
/// addresses only from trusted proxies, and keeps the operators' endpoints off the public port. Real gateway
/// processes on loopback, where the client's own address is 127.0.0.1.
/// </summary>
public sealed class EdgeTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void A_client_mode_gateway_without_api_keys_refuses_to_start_and_names_the_setting()
    {
        using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?>
        {
            ["ImgProcess:Cluster:GatewayMode"] = "Client",
            ["ImgProcess:Storage:Provider"] = "PostgreSql",
            ["ImgProcess:Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException aggregate ? aggregate.InnerException : error);
        Assert.Contains("ImgProcess:Access:ApiKeys", validation.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAnonymousWrites", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_read_while_services_are_registered_is_checked_like_every_other_and_named()
    {
        // The request timeout decides how Kestrel is set up, so it is read before the options pipeline runs.
        using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?>
        {
            ["ImgProcess:Limits:RequestTimeout"] = "00:00:00",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException aggregate ? aggregate.InnerException : error);
        Assert.Contains("ImgProcess:Limits", validation.Message, StringComparison.Ordinal);
        Assert.Contains("RequestTimeout", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_with_a_placeholder_password_refuses_to_start()
    {
        using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?>
        {
            ["ImgProcess:Cluster:GatewayMode"] = "Client",
            ["ImgProcess:Access:ApiKeys:0"] = "a-real-key",
            ["ImgProcess:Storage:Provider"] = "PostgreSql",
            ["ImgProcess:Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=imgprocess;Password=change-me;Database=none",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("placeholder password", (error.InnerException ?? error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_clustering_on_SQLite_refuses_to_start_and_names_both_settings()
    {
        // Clustering is chosen explicitly or by the database; SQLite (a file on one machine) cannot hold membership.
        using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?>
        {
            ["ImgProcess:Cluster:Clustering"] = "Database",
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("ImgProcess:Cluster:Clustering", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("ImgProcess:Storage:Provider", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_upload_limit()
    {
        await using var gateway = await StartAsync(new() { ["ImgProcess__Http__KnownProxies__0"] = "127.0.0.1" });
        using var client = gateway.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, forwardedFor: "203.0.113.5", i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await UploadAsync(client, forwardedFor: "203.0.113.5", 2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, forwardedFor: "203.0.113.6", 3)).StatusCode);
    }

    [Fact]
    public async Task From_an_unknown_sender_a_forwarded_header_is_ignored_and_cannot_escape_the_limit()
    {
        // The only trusted proxy is some other machine: this client's headers are its own claims.
        await using var gateway = await StartAsync(new() { ["ImgProcess__Http__KnownProxies__0"] = "192.0.2.10" });
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, forwardedFor: "203.0.113.5", 0)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, forwardedFor: "203.0.113.6", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await UploadAsync(client, forwardedFor: "203.0.113.7", 2)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await UploadAsync(client, forwardedFor: null, 3)).StatusCode);
    }

    [Fact]
    public async Task With_an_internal_port_metrics_health_and_dashboard_are_served_there_alone()
    {
        var internalPort = FreePorts.Next();
        await using var gateway = await StartAsync(new()
        {
            ["ImgProcess__Http__InternalPort"] = internalPort.ToString(CultureInfo.InvariantCulture),
            ["ImgProcess__Dashboard__Enabled"] = "true",
        });
        using var publicClient = gateway.CreateClient();
        using var internalClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{internalPort}") };

        foreach (var path in new[] { "/metrics", "/health/live", "/health/ready", "/dashboard/" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await publicClient.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await internalClient.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync("/images")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync("/")).StatusCode);

        // The port the connection came to decides, not the Host header a client writes.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{internalPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await publicClient.SendAsync(spoofed)).StatusCode);

        // Told to listen on loopback (--urls), the gateway opens its internal port there too, not on every interface.
        Assert.Contains($"Now listening on: http://127.0.0.1:{internalPort}", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"0.0.0.0:{internalPort}", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"[::]:{internalPort}", gateway.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", null, "http://127.0.0.1:8080;http://127.0.0.1:9090")]
    [InlineData("http://0.0.0.0:8080", null, "http://0.0.0.0:8080;http://0.0.0.0:9090")]
    [InlineData("http://localhost:8080;http://[::1]:8080", null, "http://localhost:8080;http://[::1]:8080;http://localhost:9090;http://[::1]:9090")]
    [InlineData("http://*:8080", "10.1.2.3", "http://*:8080;http://10.1.2.3:9090")]
    [InlineData("http://127.0.0.1:8080", "::1", "http://127.0.0.1:8080;http://[::1]:9090")]
    public void The_internal_port_listens_where_the_main_urls_do_unless_an_address_is_configured(string urls, string? address, string expected) =>
        Assert.Equal(expected, ImgProcess.Grains.Hosting.HostUrls.Compose(urls, 9090, address));

    [Fact]
    public async Task Behind_a_known_proxy_a_forwarded_chain_is_read_from_the_right_so_a_client_cannot_choose_its_address()
    {
        // The proxy (this test, on loopback) appends the address it saw to what the client sent: everything left of
        // that entry is the client's own claim, and each upload here claims another address.
        await using var gateway = await StartAsync(new() { ["ImgProcess__Http__KnownProxies__0"] = "127.0.0.1" });
        using var client = gateway.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, forwardedFor: $"198.51.100.{i + 1}, 203.0.113.5", i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await UploadAsync(client, forwardedFor: "198.51.100.9, 203.0.113.5", 2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, forwardedFor: "198.51.100.9, 203.0.113.6", 3)).StatusCode);
    }

    [Fact]
    public async Task A_client_inside_the_trusted_network_cannot_choose_its_address_either()
    {
        // The proxy's network is trusted (as a pod network is on Kubernetes), and the client's own address is in it: the
        // one proxy there is appends that address, and what the client wrote to its left is not believed.
        await using var gateway = await StartAsync(new() { ["ImgProcess__Http__KnownNetworks__0"] = "127.0.0.0/8" });
        using var client = gateway.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, forwardedFor: $"198.51.100.{i + 1}, 127.0.0.5", i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await UploadAsync(client, forwardedFor: "198.51.100.9, 127.0.0.5", 2)).StatusCode);
    }

    private async Task<OwnedGateway> StartAsync(Dictionary<string, string> settings)
    {
        settings["ImgProcess__Limits__UploadsPerClientPerMinute"] = "2";
        return new OwnedGateway(await ServiceProcess.StartAsync(Path.Combine(data.Path, Guid.NewGuid().ToString("N")), settings));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string? forwardedFor, int n)
    {
        using var request = MultipartBodies.Upload(TestImages.Stamped(TestImages.RedGreenBluePng(), $"edge {n}"), "edge.png", ("X-Forwarded-For", forwardedFor));
        return await client.SendAsync(request);
    }

    private sealed class OwnedGateway(ServiceProcess process) : IAsyncDisposable
    {
        public HttpClient CreateClient() => process.CreateClient();

        public string Output => process.Output;

        public async ValueTask DisposeAsync()
        {
            await process.StopAsync();
            process.Dispose();
        }
    }
}
