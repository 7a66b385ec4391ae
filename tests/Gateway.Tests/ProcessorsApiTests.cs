using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Grains.Imaging;
using ImgProcess.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace ImgProcess.Gateway.Tests;

public sealed class ProcessorsApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static readonly string[] BuiltIns =
        ["Average Pixel Value", "Format and Dimensions", "EXIF", "Histogram", "Dominant Colours", "Perceptual Hash", "Sharpness", "Thumbnail", "Placeholder"];

    [Fact]
    public async Task Processors_lists_every_enabled_processor_with_description_and_version()
    {
        var list = JsonNode.Parse(await gateway.Client.GetStringAsync("/processors"))!.AsArray();

        Assert.Equal(BuiltIns, list.Select(p => p!["name"]!.GetValue<string>()));
        Assert.All(list, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p!["description"]!.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(p["version"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task An_upload_answers_all_eight_results_and_its_thumbnail_is_served()
    {
        var response = await gateway.Client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(800, 600, seed: 7), "scene.jpg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["result"]!.AsObject();

        Assert.Equal([.. BuiltIns, "errors"], result.Select(p => p.Key));
        Assert.Empty(result["errors"]!.AsObject());
        var thumbnail = result["Thumbnail"]!;
        Assert.Equal((256, 192), (thumbnail["width"]!.GetValue<int>(), thumbnail["height"]!.GetValue<int>()));

        var served = await gateway.Client.GetAsync(thumbnail["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(thumbnail["size_bytes"]!.GetValue<long>(), (await served.Content.ReadAsByteArrayAsync()).Length);

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync("/images/thumbnails/..%2Fimgprocess.db")).StatusCode);
    }
}

public sealed class DisabledProcessorTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly GatewayFactory factory;

    public DisabledProcessorTests() => factory = new GatewayFactory(data.Path, new Dictionary<string, string?>
    {
        ["ImgProcess:Processing:Disabled:0"] = "Thumbnail",
        ["ImgProcess:Processing:Disabled:1"] = "Histogram",
    });

    public void Dispose()
    {
        factory.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task A_processor_switched_off_by_configuration_is_not_listed_and_does_not_run()
    {
        using var client = factory.CreateClient();

        var names = JsonNode.Parse(await client.GetStringAsync("/processors"))!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        var upload = await client.PostAsync("/images", MultipartBodies.Image(TestImages.RedGreenBluePng(), "x.png"));
        var result = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["result"]!.AsObject();

        Assert.Equal(ImgProcess.Grains.Processors.BuiltInProcessors.All.Count - 2 - VisionProcessors.Names.Length, names.Count);
        Assert.DoesNotContain("Thumbnail", names);
        Assert.DoesNotContain("Histogram", names);
        Assert.False(result.ContainsKey("Thumbnail"));
        Assert.False(result.ContainsKey("Histogram"));
        Assert.True(result.ContainsKey("Sharpness"));
    }
}

public sealed class HeaderOnlyProcessorTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly GatewayFactory factory;

    // Only the processors that read the header (format and dimensions, EXIF) are left on.
    public HeaderOnlyProcessorTests() => factory = new GatewayFactory(data.Path, new[] { "Average Pixel Value", "Histogram", "Dominant Colours", "Perceptual Hash", "Sharpness", "Thumbnail", "Placeholder" }
        .Select((name, i) => ($"ImgProcess:Processing:Disabled:{i}", (string?)name))
        .ToDictionary(p => p.Item1, p => p.Item2));

    public void Dispose()
    {
        factory.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task With_only_header_processors_on_an_upload_is_answered_without_decoding_its_pixels()
    {
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<DecodedImageCache>();
        var before = cache.DecodeCount;

        using var upload = await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(640, 480, seed: 3), "landscape.jpg"));
        var result = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["result"]!.AsObject();

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(["EXIF", "Format and Dimensions"], result.Select(r => r.Key).Where(k => k != "errors").Order(StringComparer.Ordinal));
        Assert.Empty(result["errors"]!.AsObject());
        Assert.Contains("640", result["Format and Dimensions"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, cache.DecodeCount - before);
    }
}
