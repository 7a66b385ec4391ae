using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ImgProcess.Grains.Hosting;
using ImgProcess.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// Webhooks through the real gateway to a receiver on loopback: a POST of the finished record (deferred results
/// included) whose ImgProcess-Signature verifies with the secret as docs/webhooks.md tells a receiver to, and a receiver
/// that answers 500 twice gets the same delivery a third time.
/// </summary>
public sealed class WebhookTests : IDisposable
{
    private const string Secret = "a-test-secret-of-some-length";
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_finished_upload_is_posted_signed_to_the_receiver_with_its_deferred_results()
    {
        using var receiver = new Receiver(failFirst: 0);
        await using var factory = Gateway(receiver).WithWebHostBuilder(web => web.ConfigureServices(s => s.AddImageProcessor<SlowDeferredProcessor>()));
        using var client = factory.CreateClient();

        var id = await UploadAsync(client);
        var delivery = await receiver.WaitForAsync(1);

        var header = delivery[0].Signature;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var timestamp = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, -5, 300); // a receiver refuses older ones
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{delivery[0].Body}")));
        Assert.Equal(expected, parts["v1"]);

        var body = JsonNode.Parse(delivery[0].Body)!;
        Assert.Equal("image.done", body["event"]!.GetValue<string>());
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal(200, body["result"]![SlowDeferredProcessor.DisplayName]!["slept_ms"]!.GetValue<int>());
        Assert.NotNull(body["result"]!["Average Pixel Value"]);
    }

    [Fact]
    public async Task A_receiver_that_answers_500_twice_gets_the_same_delivery_a_third_time()
    {
        using var receiver = new Receiver(failFirst: 2);
        await using var factory = Gateway(receiver);
        using var client = factory.CreateClient();

        var id = await UploadAsync(client);
        var deliveries = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(30));

        Assert.All(deliveries, d => Assert.Equal(id, JsonNode.Parse(d.Body)!["id"]!.GetValue<string>()));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(3, receiver.Count); // taken the third time: not sent again
    }

    private GatewayFactory Gateway(Receiver receiver) => new(data.Path, new Dictionary<string, string?>
    {
        ["ImgProcess:Webhooks:Url"] = receiver.Url,
        ["ImgProcess:Webhooks:Secret"] = Secret,
    });

    private static async Task<string> UploadAsync(HttpClient client)
    {
        using var body = MultipartBodies.Image(TestImages.Stamped(TestImages.LandscapeJpeg(160, 120, seed: 9), Guid.NewGuid().ToString()), "hooked.jpg");
        using var response = await client.PostAsync(new Uri("/images", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    /// <summary>A webhook receiver on loopback that answers 500 to its first deliveries, then 200.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<(string Signature, string Body)> received = new();
        private readonly int failFirst;
        private readonly Task serving;

        public Receiver(int failFirst)
        {
            this.failFirst = failFirst;
            Url = $"http://127.0.0.1:{FreePorts.Next()}/hooks/";
            listener.Prefixes.Add(Url);
            listener.Start();
            serving = ServeAsync();
        }

        public string Url { get; }

        public int Count => received.Count;

        public async Task<List<(string Signature, string Body)>> WaitForAsync(int count, TimeSpan? within = null)
        {
            var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
            while (received.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{received.Count} of {count} deliveries arrived");
                await Task.Delay(50);
            }

            return [.. received];
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                received.Enqueue((context.Request.Headers["ImgProcess-Signature"] ?? "", body));
                context.Response.StatusCode = received.Count <= failFirst ? 500 : 200;
                context.Response.Close();
            }
        }
    }
}
