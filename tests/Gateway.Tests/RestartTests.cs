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
    public Task Sigkill_right_after_an_acknowledged_upload_loses_nothing() =>
        UploadEndAndRestartAsync(TestImages.TestCardJpeg(320, 240), "killed.jpg", gateway =>
        {
            gateway.Kill();
            return Task.CompletedTask;
        });

    [Fact]
    public Task Sigterm_stops_the_service_cleanly_and_it_starts_again_on_the_same_data() =>
        UploadEndAndRestartAsync(TestImages.GradientRgbaPng(64, 64), "term.png", gateway => gateway.StopAsync());

    // A real gateway process: upload, end the process the given way, start a new one on the same data, check.
    private async Task UploadEndAndRestartAsync(byte[] bytes, string name, Func<ServiceProcess, Task> end)
    {
        JsonNode uploaded;
        using (var gateway = await ServiceProcess.StartAsync(data.Path))
        using (var client = gateway.CreateClient())
        {
            uploaded = await UploadAsync(client, bytes, name);
            await end(gateway);
        }

        using var restarted = await ServiceProcess.StartAsync(data.Path);
        using var again = restarted.CreateClient();
        await AssertStillServedAsync(again, uploaded, bytes);
    }
}
