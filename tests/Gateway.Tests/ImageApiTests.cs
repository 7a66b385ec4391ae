using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Gateway.Tests;

/// <summary>The calls on single images beyond the Flask contract, through the real gateway host.</summary>
public sealed class ImageApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private async Task<JsonNode> UploadAsync(byte[] bytes, string name = "x.jpg")
    {
        var response = await Client.PostAsync("/images", MultipartBodies.Image(bytes, name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonOf(response);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((await JsonOf(response))["title"]?.GetValue<string>()));
    }

    private static byte[] Unique(int seed) => TestImages.LandscapeJpeg(160, 120, seed);

    [Fact]
    public async Task Get_by_id_answers_the_full_record_and_unknown_ids_are_problem_404s()
    {
        var uploaded = await UploadAsync(Unique(101), "full.jpg");
        var id = uploaded["id"]!.GetValue<string>();

        var record = await JsonOf(await Client.GetAsync($"/images/{id}"));

        Assert.Equal(id, record["id"]!.GetValue<string>());
        Assert.Equal("done", record["status"]!.GetValue<string>());
        Assert.Equal(uploaded["sha256"]!.GetValue<string>(), record["sha256"]!.GetValue<string>());
        Assert.Equal(160, record["width"]!.GetValue<int>());
        Assert.True(record["size_bytes"]!.GetValue<long>() > 0);
        Assert.NotNull(record["result"]!["Perceptual Hash"]);
        Assert.Equal($"/images/{id}", record["links"]!["self"]!.GetValue<string>());
        await AssertProblemAsync(await Client.GetAsync("/images/0123456789abcdef0123456789abcdef"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Client.GetAsync("/images/not-an-id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_removes_record_history_entry_bytes_and_thumbnail_and_is_idempotent()
    {
        var uploaded = await UploadAsync(Unique(102), "gone.jpg");
        var id = uploaded["id"]!.GetValue<string>();
        var thumbnail = uploaded["result"]!["Thumbnail"]!["url"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(thumbnail)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/images/{id}")).StatusCode);

        await AssertProblemAsync(await Client.GetAsync($"/images/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(uploaded["image_url"]!.GetValue<string>())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(thumbnail)).StatusCode);
        var listed = (await JsonOf(await Client.GetAsync("/images?count=100"))).AsArray();
        Assert.DoesNotContain(listed, i => i!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Identical_bytes_are_processed_once_listed_twice_and_kept_until_the_last_delete()
    {
        var bytes = Unique(103);
        var first = await UploadAsync(bytes, "one.jpg");
        var second = await UploadAsync(bytes, "two.jpg");

        Assert.NotEqual(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        var secondRecord = await JsonOf(await Client.GetAsync($"/images/{second["id"]}"));
        Assert.True(secondRecord["deduplicated"]!.GetValue<bool>());
        Assert.Equal(first["result"]!.ToJsonString(), second["result"]!.ToJsonString());
        var listed = (await JsonOf(await Client.GetAsync("/images?count=100"))).AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(first["id"]!.GetValue<string>(), listed);
        Assert.Contains(second["id"]!.GetValue<string>(), listed);

        await Client.DeleteAsync($"/images/{first["id"]}");
        Assert.Equal(bytes, await Client.GetByteArrayAsync(second["image_url"]!.GetValue<string>()));

        await Client.DeleteAsync($"/images/{second["id"]}");
        var blob = Path.Combine(gateway.Factory.DataDirectory, "blobs", first["sha256"]!.GetValue<string>()[..2], first["sha256"]!.GetValue<string>());
        Assert.False(File.Exists(blob));
    }

    [Fact]
    public async Task Uploads_racing_a_delete_of_the_same_bytes_all_stay_readable()
    {
        var bytes = Unique(104);
        var victim = await UploadAsync(bytes, "victim.jpg");

        var delete = Client.DeleteAsync($"/images/{victim["id"]}");
        var uploads = Enumerable.Range(0, 6).Select(i => Client.PostAsync("/images", MultipartBodies.Image(bytes, $"racer{i}.jpg"))).ToList();
        await delete;
        var responses = await Task.WhenAll(uploads);

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await JsonOf(response);
            Assert.Equal(bytes, await Client.GetByteArrayAsync(body["image_url"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(body["result"]!["Thumbnail"]!["url"]!.GetValue<string>())).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/images/{victim["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Reprocess_answers_the_updated_record_and_unknown_ids_are_404()
    {
        var uploaded = await UploadAsync(Unique(105));
        var before = await JsonOf(await Client.GetAsync($"/images/{uploaded["id"]}"));

        var response = await Client.PostAsync($"/images/{uploaded["id"]}/reprocess", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await JsonOf(response);
        Assert.Equal(before["result"]!["Average Pixel Value"]!.GetValue<double>(), after["result"]!["Average Pixel Value"]!.GetValue<double>());
        Assert.True(DateTimeOffset.Parse(after["processed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(before["processed_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        await AssertProblemAsync(await Client.PostAsync("/images/0123456789abcdef0123456789abcdef/reprocess", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Asynchronous_upload_answers_202_with_location_and_goes_from_pending_to_done()
    {
        var response = await Client.PostAsync("/images?wait=false", MultipartBodies.Image(Unique(106), "later.jpg"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/images/[0-9a-f]{32}$", location);
        Assert.Equal("pending", (await JsonOf(response))["status"]!.GetValue<string>());

        JsonNode record;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            record = await JsonOf(await Client.GetAsync(location));
        }
        while (record["status"]!.GetValue<string>() == "pending" && DateTime.UtcNow < deadline);

        Assert.Equal("done", record["status"]!.GetValue<string>());
        Assert.NotNull(record["result"]!["Sharpness"]);
    }

    [Fact]
    public async Task Similar_finds_a_resized_copy_nearest_first_and_not_a_different_picture()
    {
        var original = TestImages.LandscapeJpeg(400, 300, seed: 107);
        using var decoded = Image.Load<Rgb24>(original);
        using var smaller = decoded.Clone(c => c.Resize(200, 150));
        using var copy = new MemoryStream();
        smaller.SaveAsJpeg(copy, new JpegEncoder { Quality = 50 });

        var a = await UploadAsync(original, "a.jpg");
        var b = await UploadAsync(copy.ToArray(), "a-small.jpg");
        var c = await UploadAsync(TestImages.LandscapeJpeg(400, 300, seed: 108), "other.jpg");

        // The upload's answer does not wait for the index: its history partition hands the hash over right after (within
        // milliseconds; the bound here is loose for a shared machine).
        JsonArray similar;
        List<string> ids;
        var until = DateTime.UtcNow.AddSeconds(3);
        do
        {
            similar = (await JsonOf(await Client.GetAsync($"/images/{a["id"]}/similar?max_distance=10"))).AsArray();
            ids = similar.Select(i => i!["id"]!.GetValue<string>()).ToList();
        }
        while (!ids.Contains(b["id"]!.GetValue<string>()) && DateTime.UtcNow < until && await Task.Delay(50).ContinueWith(_ => true));

        Assert.Contains(b["id"]!.GetValue<string>(), ids);
        Assert.DoesNotContain(c["id"]!.GetValue<string>(), ids);
        Assert.DoesNotContain(a["id"]!.GetValue<string>(), ids);
        var distances = similar.Select(i => i!["distance"]!.GetValue<int>()).ToList();
        Assert.Equal(distances.Order(), distances);
        await AssertProblemAsync(await Client.GetAsync($"/images/{a["id"]}/similar?max_distance=99"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Backfill_reprocesses_every_image_in_the_background_with_queryable_progress()
    {
        await UploadAsync(Unique(109));
        await UploadAsync(Unique(110));

        var started = await Client.PostAsync("/images/reprocess", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/images/reprocess", started.Headers.Location!.ToString());

        JsonNode progress;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            progress = await JsonOf(await Client.GetAsync("/images/reprocess"));
        }
        while (progress["status"]!.GetValue<string>() == "running" && DateTime.UtcNow < deadline);

        Assert.Equal("completed", progress["status"]!.GetValue<string>());
        Assert.True(progress["processed"]!.GetValue<long>() >= 2);
        Assert.Equal(0, progress["failed"]!.GetValue<long>());
        Assert.True(progress["processed"]!.GetValue<long>() + progress["failed"]!.GetValue<long>() >= progress["total"]!.GetValue<long>());
    }
}

public sealed class CursorPagingTests : IDisposable
{
    private readonly TempDirectory data = new();
    private readonly GatewayFactory factory;

    public CursorPagingTests() => factory = new GatewayFactory(data.Path, new Dictionary<string, string?> { ["ImgProcess:History:MaxPageSize"] = "3" });

    public void Dispose()
    {
        factory.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task Cursor_pages_stay_stable_while_uploads_arrive_count_is_capped_and_links_point_on()
    {
        using var client = factory.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var response = await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(40, 30, seed: 200 + i), $"{i}.jpg"));
            ids.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }

        var first = await client.GetAsync("/images?count=50");
        var firstPage = JsonNode.Parse(await first.Content.ReadAsStringAsync())!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([ids[6], ids[5], ids[4]], firstPage);
        Assert.Contains($"before={ids[4]}", string.Join(",", first.Headers.GetValues("Link")), StringComparison.Ordinal);

        // A new upload arrives between pages: page 2 by number would shift, the cursor does not.
        await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(40, 30, seed: 300), "late.jpg"));
        var second = JsonNode.Parse(await client.GetStringAsync($"/images?before={ids[4]}&count=3"))!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([ids[3], ids[2], ids[1]], second);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/images/{ids[0]}")).StatusCode);
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync($"/images?before={ids[1]}&count=3"))!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/images?before=nope")).StatusCode);
    }
}
