using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Gateway.Tests;

public sealed class GatewayFixture : IDisposable
{
    private readonly TempDirectory data = new();

    public GatewayFixture()
    {
        Factory = new GatewayFactory(data.Path);
        Client = Factory.CreateClient();
    }

    public GatewayFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        data.Dispose();
    }
}

/// <summary>Every row of the Flask service's HTTP contract, through the real gateway host.</summary>
public sealed class ContractTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task AssertLegacyErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await JsonOf(response);
        Assert.False(string.IsNullOrWhiteSpace(body["error"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(body["details"]?.GetValue<string>()));
    }

    private async Task<JsonNode> UploadAsync(byte[] bytes, string name)
    {
        var response = await Client.PostAsync("/images", MultipartBodies.Image(bytes, name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonOf(response);
    }

    [Fact]
    public async Task Upload_answers_image_url_and_each_processor_result_with_errors()
    {
        var body = await UploadAsync(TestImages.RedGreenBluePng(), "rgb.png");

        var image = body["image"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}\\.png$", image);
        Assert.Equal($"/images/view/{image}", body["image_url"]!.GetValue<string>());
        Assert.Equal(0.6375, body["result"]!["Average Pixel Value"]!.GetValue<double>(), 12);
        Assert.Empty(body["result"]!["errors"]!.AsObject());
        Assert.Equal("rgb.png", body["original_name"]!.GetValue<string>());
        Assert.Equal("done", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task History_lists_newest_first_with_the_legacy_fields_and_pages()
    {
        var names = new[] { "first.png", "second.jpg", "third.png" };
        var uploaded = new List<string>();
        uploaded.Add((await UploadAsync(TestImages.RedGreenBluePng(), names[0]))["image"]!.GetValue<string>());
        uploaded.Add((await UploadAsync(TestImages.SolidJpeg(8, 8, new Rgb24(10, 20, 30)), names[1]))["image"]!.GetValue<string>());
        uploaded.Add((await UploadAsync(TestImages.GradientRgbaPng(5, 5), names[2]))["image"]!.GetValue<string>());

        var all = (await JsonOf(await Client.GetAsync("/images?page=1&count=100"))).AsArray();
        var positions = uploaded.Select(u => all.ToList().FindIndex(i => i!["image_name"]!.GetValue<string>() == u)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.True(positions[2] < positions[1] && positions[1] < positions[0], "newest first");

        var item = all[positions[0]]!;
        Assert.Equal($"/images/view/{uploaded[0]}", item["image_url"]!.GetValue<string>());
        Assert.Equal(0.6375, item["results"]!["Average Pixel Value"]!.GetValue<double>(), 12);
        Assert.True(DateTimeOffset.TryParse(item["uploaded_at"]!.GetValue<string>(), out _));

        var pageOne = (await JsonOf(await Client.GetAsync("/images?page=1&count=1"))).AsArray();
        var pageTwo = (await JsonOf(await Client.GetAsync("/images?page=2&count=1"))).AsArray();
        Assert.Single(pageOne);
        Assert.Single(pageTwo);
        Assert.Equal(all[0]!["image_name"]!.GetValue<string>(), pageOne[0]!["image_name"]!.GetValue<string>());
        Assert.Equal(all[1]!["image_name"]!.GetValue<string>(), pageTwo[0]!["image_name"]!.GetValue<string>());

        Assert.Empty((await JsonOf(await Client.GetAsync("/images?page=100000&count=20"))).AsArray());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("count=-1")]
    [InlineData("page=abc")]
    public async Task Invalid_paging_is_a_400_with_error_details(string query)
    {
        await AssertLegacyErrorAsync(await Client.GetAsync($"/images?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Request_without_the_image_field_is_a_400()
    {
        var form = MultipartBodies.Image(TestImages.RedGreenBluePng(), "x.png", field: "file");
        await AssertLegacyErrorAsync(await Client.PostAsync("/images", form), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Empty_file_name_is_a_400()
    {
        var content = new ByteArrayContent(TestImages.RedGreenBluePng());
        var form = new MultipartFormDataContent();
        form.Add(content, "image");
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"image\"", FileName = "\"\"" };

        var response = await Client.PostAsync("/images", form);

        await AssertLegacyErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_text_file_is_a_400_and_is_not_stored()
    {
        var before = (await JsonOf(await Client.GetAsync("/images?count=100"))).AsArray().Count;

        var response = await Client.PostAsync("/images", MultipartBodies.Image(Encoding.UTF8.GetBytes("just some text\n"), "notes.txt", contentType: "text/plain"));

        await AssertLegacyErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, (await JsonOf(await Client.GetAsync("/images?count=100"))).AsArray().Count);
    }

    [Fact]
    public async Task Json_instead_of_multipart_is_a_400()
    {
        var response = await Client.PostAsync("/images", new StringContent("{\"image\":\"x\"}", Encoding.UTF8, "application/json"));
        await AssertLegacyErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_with_error_details()
    {
        var tooBig = new byte[GatewayFactory.MaxUploadBytes + 1];
        TestImages.RedGreenBluePng().CopyTo(tooBig, 0);

        var response = await Client.PostAsync("/images", MultipartBodies.Image(tooBig, "big.png"));

        await AssertLegacyErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/images/view/0123456789abcdef0123456789abcdef.png")]
    [InlineData("/images/view/nope.png")]
    [InlineData("/images/view/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/images/view/..%5C..%5Cwin.ini")]
    public async Task Unknown_view_is_a_404_with_error_details(string url)
    {
        await AssertLegacyErrorAsync(await Client.GetAsync(url), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task View_serves_the_stored_bytes_with_type_etag_and_caching()
    {
        var bytes = TestImages.SolidJpeg(12, 12, new Rgb24(200, 10, 10));
        var url = (await UploadAsync(bytes, "red.jpg"))["image_url"]!.GetValue<string>();

        var response = await Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("max-age=31536000", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task A_geotagged_photo_is_served_without_its_location_and_stored_as_uploaded()
    {
        var bytes = TestImages.Geotagged(new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 90 });
        var body = await UploadAsync(bytes, "holiday.jpg");
        var url = body["image_url"]!.GetValue<string>();

        var response = await Client.GetAsync(url);
        var served = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes.Length, served.Length);
        Assert.NotEqual(bytes, served);
        var exif = SixLabors.ImageSharp.Image.Identify(served).Metadata.ExifProfile;
        Assert.Equal("Canon", exif?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Make)?.Value);
        Assert.Null(exif?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitude));
        Assert.DoesNotContain(TestImages.GeotagXmpLatitude, System.Text.Encoding.Latin1.GetString(served), StringComparison.Ordinal);

        // The stored bytes keep their hash; the served copy has an ETag of its own, and conditional requests work on it.
        var id = body["id"]!.GetValue<string>();
        var record = JsonNode.Parse(await Client.GetStringAsync($"/images/{id}"))!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), record["sha256"]!.GetValue<string>());
        Assert.NotEqual($"\"{record["sha256"]!.GetValue<string>()}\"", response.Headers.ETag!.Tag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(conditional)).StatusCode);
    }

    [Theory]
    [InlineData("../../../../tmp/evil.png")]
    [InlineData("..\\..\\evil.png")]
    [InlineData("/etc/passwd")]
    public async Task A_traversal_file_name_is_display_data_only(string name)
    {
        var body = await UploadAsync(TestImages.RedGreenBluePng(), name);

        var original = body["original_name"]!.GetValue<string>();
        Assert.DoesNotContain("/", original, StringComparison.Ordinal);
        Assert.DoesNotContain("\\", original, StringComparison.Ordinal);
        Assert.DoesNotContain("..", original, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}\\.png$", body["image"]!.GetValue<string>());
        Assert.False(File.Exists("/tmp/evil.png"));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(body["image_url"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task Two_files_in_the_image_field_is_a_400()
    {
        var form = MultipartBodies.Image(TestImages.RedGreenBluePng(), "a.png");
        form.Add(new ByteArrayContent(TestImages.RedGreenBluePng()), "image", "b.png");

        await AssertLegacyErrorAsync(await Client.PostAsync("/images", form), HttpStatusCode.BadRequest);
    }
}

public sealed class EmptyHistoryTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly GatewayFactory factory;

    public EmptyHistoryTests() => factory = new GatewayFactory(data.Path);

    public void Dispose()
    {
        factory.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task A_new_service_lists_an_empty_json_array()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/images");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }
}
