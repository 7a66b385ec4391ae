using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

/// <summary>A 200 means durable: history, results and bytes outlive the process, however it ends.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    private static async Task<JsonNode> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        var response = await client.PostAsync("/images", MultipartBodies.Image(bytes, name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task AssertStillServedAsync(HttpClient client, JsonNode uploaded, byte[] bytes)
    {
        var history = JsonNode.Parse(await client.GetStringAsync("/images?count=100"))!.AsArray();
        var item = history.Single(i => i!["image_name"]!.GetValue<string>() == uploaded["image"]!.GetValue<string>())!;
        Assert.Equal(
            uploaded["result"]!["Average Pixel Value"]!.GetValue<double>(),
            item["results"]!["Average Pixel Value"]!.GetValue<double>());
        Assert.Equal(bytes, await client.GetByteArrayAsync(uploaded["image_url"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Stopping_and_starting_the_host_on_the_same_data_keeps_history_results_and_bytes()
    {
        var bytes = TestImages.RedGreenBluePng();
        JsonNode uploaded;
        using (var first = new GatewayFactory(data.Path))
        using (var client = first.CreateClient())
        {
            uploaded = await UploadAsync(client, bytes, "keep.png");
        }

        using var second = new GatewayFactory(data.Path);
        using var again = second.CreateClient();
        await AssertStillServedAsync(again, uploaded, bytes);
    }

    [Fact]
    public async Task Sigkill_right_after_an_acknowledged_upload_loses_nothing()
    {
        var bytes = TestImages.TestCardJpeg(320, 240);
        JsonNode uploaded;
        using (var gateway = await GatewayProcess.StartAsync(data.Path))
        using (var client = gateway.CreateClient())
        {
            uploaded = await UploadAsync(client, bytes, "killed.jpg");
            gateway.Kill();
        }

        using var restarted = await GatewayProcess.StartAsync(data.Path);
        using var again = restarted.CreateClient();
        await AssertStillServedAsync(again, uploaded, bytes);
    }

    [Fact]
    public async Task Sigterm_stops_the_service_cleanly_and_it_starts_again_on_the_same_data()
    {
        var bytes = TestImages.GradientRgbaPng(64, 64);
        JsonNode uploaded;
        using (var gateway = await GatewayProcess.StartAsync(data.Path))
        using (var client = gateway.CreateClient())
        {
            uploaded = await UploadAsync(client, bytes, "term.png");
            await gateway.StopAsync();
        }

        using var restarted = await GatewayProcess.StartAsync(data.Path);
        using var again = restarted.CreateClient();
        await AssertStillServedAsync(again, uploaded, bytes);
    }
}
