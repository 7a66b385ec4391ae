using System.Text.Json.Nodes;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

public sealed class LimitsApiTests
{
    [Fact]
    public async Task Limits_answers_the_configured_values()
    {
        using var data = new TempDirectory();
        await using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?>
        {
            ["ImgProcess:Limits:MaxPixelsPerSide"] = "12345",
            ["ImgProcess:Limits:UploadsPerClientPerMinute"] = "42",
            ["ImgProcess:Limits:AllowedFormats:0"] = "PNG",
            ["ImgProcess:Limits:AllowedFormats:1"] = "JPEG",
        });
        using var client = factory.CreateClient();

        var limits = JsonNode.Parse(await client.GetStringAsync("/limits"))!;

        Assert.Equal(GatewayFactory.MaxUploadBytes, limits["max_upload_bytes"]!.GetValue<long>());
        Assert.Equal(12345, limits["max_pixels_per_side"]!.GetValue<int>());
        Assert.Equal(42, limits["uploads_per_client_per_minute"]!.GetValue<int>());
        Assert.Equal(500, limits["max_frames"]!.GetValue<int>());
        Assert.Equal(["PNG", "JPEG"], limits["allowed_formats"]!.AsArray().Select(f => f!.GetValue<string>()));
        // Each accepted format names the library its pixels come from in this process.
        Assert.Equal(["PNG", "JPEG"], limits["decoders"]!.AsObject().Select(d => d.Key));
        Assert.StartsWith("Skia", limits["decoders"]!["PNG"]!.GetValue<string>(), StringComparison.Ordinal);

        // The narrowed list is the one uploads are checked against.
        using var gif = new MemoryStream();
        using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(8, 8))
        {
            SixLabors.ImageSharp.ImageExtensions.SaveAsGif(image, gif);
        }

        using var body = MultipartBodies.Image(gif.ToArray(), "small.gif");
        var refused = await client.PostAsync("/images", body);
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Contains("accepted formats: PNG, JPEG.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_the_phone_formats_are_accepted_and_each_names_its_decoder()
    {
        using var data = new TempDirectory();
        using var factory = new GatewayFactory(data.Path);
        using var client = factory.CreateClient();

        var decoders = JsonNode.Parse(await client.GetStringAsync("/limits"))!["decoders"]!.AsObject();

        Assert.Equal(["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "HEIC", "AVIF", "JXL"], decoders.Select(d => d.Key));
        Assert.Contains("libde265", decoders["HEIC"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("libjxl", decoders["JXL"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("libtiff", decoders["TIFF"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
