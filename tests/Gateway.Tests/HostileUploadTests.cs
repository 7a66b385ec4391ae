using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.Formats.Webp;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// The hostile corpus: every file gets the expected 4xx with a JSON body quickly, nothing is stored for it, what was
/// stored before is unchanged, and a normal upload right after still works.
/// </summary>
public sealed class HostileUploadTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    public static TheoryData<string, HttpStatusCode> Corpus => new()
    {
        { "zero-byte file", HttpStatusCode.BadRequest },
        { "truncated PNG", HttpStatusCode.UnprocessableEntity },
        { "truncated JPEG", HttpStatusCode.UnprocessableEntity },
        { "truncated progressive JPEG", HttpStatusCode.UnprocessableEntity },
        { "truncated WebP (lossy)", HttpStatusCode.UnprocessableEntity },
        { "truncated WebP (lossless)", HttpStatusCode.UnprocessableEntity },
        { "truncated GIF", HttpStatusCode.UnprocessableEntity },
        { "truncated TIFF", HttpStatusCode.UnprocessableEntity },
        { "truncated BMP", HttpStatusCode.UnprocessableEntity },
        { "truncated JPEG data under a 7000x7000 header", HttpStatusCode.UnprocessableEntity },
        { "random bytes", HttpStatusCode.BadRequest },
        { "text labelled as PNG", HttpStatusCode.BadRequest },
        { "HTML labelled as PNG", HttpStatusCode.BadRequest },
        { "SVG with an external entity", HttpStatusCode.UnsupportedMediaType },
        { "PNG claiming 30000x30000", HttpStatusCode.RequestEntityTooLarge },
        { "PNG claiming 100000x100000", HttpStatusCode.RequestEntityTooLarge },
        { "JPEG claiming 30000x30000", HttpStatusCode.RequestEntityTooLarge },
        { "JPEG claiming 65500x65500", HttpStatusCode.RequestEntityTooLarge },
        { "GIF with 5000 frames", HttpStatusCode.RequestEntityTooLarge },
        { "PNG with a 256 MB text bomb", HttpStatusCode.RequestEntityTooLarge },
        { "100 MB body", HttpStatusCode.RequestEntityTooLarge },
    };

    private static byte[] Build(string name) => name switch
    {
        "zero-byte file" => [],
        "truncated PNG" => HostileFiles.Truncated(TestImages.GradientRgbaPng(300, 200), 0.6),
        "truncated JPEG" => HostileFiles.Truncated(TestImages.LandscapeJpeg(400, 300, seed: 5), 0.5),
        "truncated progressive JPEG" => HostileFiles.Truncated(TestImages.ProgressiveJpeg(), 0.5),
        "truncated WebP (lossy)" => HostileFiles.Truncated(TestImages.Landscape(400, 300, 5, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }), 0.5),
        "truncated WebP (lossless)" => HostileFiles.Truncated(TestImages.Landscape(400, 300, 5, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }), 0.5),
        "truncated GIF" => HostileFiles.Truncated(TestImages.Landscape(400, 300, 5, new GifEncoder()), 0.5),
        "truncated TIFF" => HostileFiles.Truncated(TestImages.Landscape(400, 300, 5, new TiffEncoder { Compression = TiffCompression.Lzw }), 0.5),
        "truncated BMP" => HostileFiles.Truncated(TestImages.Landscape(400, 300, 5, new BmpEncoder()), 0.5),
        "truncated JPEG data under a 7000x7000 header" => HostileFiles.JpegWithDataEndingEarly(TestImages.SolidJpeg(16, 16, new(90, 120, 200)), 7000, 7000),
        "random bytes" => HostileFiles.RandomBytes(50_000, 1),
        "text labelled as PNG" => HostileFiles.Text("this is not a picture, just text\n"),
        "HTML labelled as PNG" => HostileFiles.Text("<!doctype html><html><body><script>alert(1)</script></body></html>"),
        "SVG with an external entity" => HostileFiles.SvgWithExternalEntity(),
        "PNG claiming 30000x30000" => HostileFiles.PngClaiming(30_000, 30_000),
        "PNG claiming 100000x100000" => HostileFiles.PngClaiming(100_000, 100_000),
        "JPEG claiming 30000x30000" => HostileFiles.JpegClaiming(30_000, 30_000),
        "JPEG claiming 65500x65500" => HostileFiles.JpegClaiming(65_500, 65_500),
        "GIF with 5000 frames" => HostileFiles.GifWithFrames(5000),
        "PNG with a 256 MB text bomb" => HostileFiles.PngWithTextBomb(256 * 1024 * 1024),
        "100 MB body" => new byte[100 * 1024 * 1024],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private async Task<string> SnapshotAsync() => await Client.GetStringAsync("/images?count=100");

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task A_hostile_upload_is_a_fast_4xx_with_json_and_harms_nothing(string name, HttpStatusCode expected)
    {
        var before = await UploadKnownAsync();
        var snapshot = await SnapshotAsync();
        var content = MultipartBodies.Image(Build(name), name.Contains("PNG", StringComparison.Ordinal) ? "photo.png" : "photo.jpg", contentType: "image/png");

        var clock = Stopwatch.StartNew();
        var response = await Client.PostAsync("/images", content);
        var took = clock.Elapsed;

        Assert.Equal(expected, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrWhiteSpace(body["error"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(body["details"]?.GetValue<string>()));
        Assert.True(took < TimeSpan.FromSeconds(5), $"{name} took {took}");
        if (name.StartsWith("truncated", StringComparison.Ordinal))
        {
            Assert.Contains("truncated", body["details"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(snapshot, await SnapshotAsync());
        Assert.Equal(before.bytes, await Client.GetByteArrayAsync(before.url));
        await UploadKnownAsync();
    }

    private async Task<(string url, byte[] bytes)> UploadKnownAsync()
    {
        var bytes = TestImages.LandscapeJpeg(64, 48, seed: Random.Shared.Next());
        var response = await Client.PostAsync("/images", MultipartBodies.Image(bytes, "normal.jpg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!["image_url"]!.GetValue<string>(), bytes);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(5000)]
    public async Task A_very_long_file_name_is_shortened_not_refused(int length)
    {
        var name = new string('n', length) + ".jpg";

        var response = await Client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(32, 24, seed: length), name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var original = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["original_name"]!.GetValue<string>();
        Assert.True(original.Length <= 255);
        Assert.EndsWith(".jpg", original, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unicode_file_name_is_kept()
    {
        var response = await Client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(32, 24, seed: 77), "Фото — 日本の山 🌄.jpg"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Фото — 日本の山 🌄.jpg", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["original_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    public async Task Multipart_without_a_boundary_is_a_400(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc\r\n--x--\r\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await Client.PostAsync("/images", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }

    [Fact]
    public async Task A_broken_multipart_body_is_a_400()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--b0undary\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\n\x89PNG then the body just stops"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b0undary");

        var response = await Client.PostAsync("/images", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }
}

public sealed class UploadRefusalTableTests
{
    [Fact]
    public void Every_reason_an_upload_can_be_refused_for_has_an_answer_and_a_distinct_code()
    {
        var reasons = Enum.GetValues<ImgProcess.Grains.Uploads.RejectionReason>();
        Assert.All(reasons, r => Assert.True(ImgProcess.Gateway.Uploads.UploadRefusals.Covers(r), $"{r} has no HTTP answer"));
        Assert.Equal(reasons.Length, reasons.Select(r => ImgProcess.Grains.Uploads.RejectionReasons.Code(r)).Distinct().Count());
        Assert.Equal("too_many_pixels_per_side", ImgProcess.Grains.Uploads.RejectionReasons.Code(ImgProcess.Grains.Uploads.RejectionReason.TooManyPixelsPerSide));
    }
}
