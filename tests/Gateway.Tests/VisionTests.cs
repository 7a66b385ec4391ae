using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// The vision processors through the real gateway (embedded silo, SQLite): the text in pictures read after the answer
/// and found by text search; an edited photograph and a stereo pair found by look among scikit-image's photographs;
/// a missing model switching its processor off.
/// </summary>
public sealed class VisionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task The_text_in_pictures_is_read_after_the_answer_and_found_by_text_search()
    {
        await using var factory = new GatewayFactory(data.Path, vision: true);
        using var client = factory.CreateClient();
        var processors = JsonNode.Parse(await client.GetStringAsync(new Uri("/processors", UriKind.Relative)))!.AsArray();
        foreach (var name in VisionProcessors.Names)
        {
            var listed = processors.Single(p => p!["name"]!.GetValue<string>() == name)!;
            Assert.Equal("deferred", listed["runs"]!.GetValue<string>());
            Assert.Null(listed["unavailable"]);
        }

        var pictures = TextPictures.All();
        var ids = new List<string>();
        foreach (var picture in pictures)
        {
            var answer = await UploadAsync(client, picture.Png, "text.png");
            Assert.Null(answer["result"]!["Text"]); // deferred: never in the answer
            ids.Add(answer["id"]!.GetValue<string>());
        }

        long errors = 0, characters = 0;
        foreach (var (picture, id) in pictures.Zip(ids))
        {
            var record = await WaitForAsync(client, id, "Text");
            var text = record["result"]!["Text"]!;
            var read = TextPictures.Collapse(text["text"]!.GetValue<string>());
            var distance = TextPictures.EditDistance(picture.Text, read);
            output.WriteLine($"{picture.Name}: {1 - ((double)distance / picture.Text.Length):P1} \"{read}\"");
            (errors, characters) = (errors + distance, characters + picture.Text.Length);

            // Every line inside the picture (a detector may cut a drawn line in two where words stand apart).
            var lines = text["lines"]!.AsArray();
            var (width, height) = (record["width"]!.GetValue<int>(), record["height"]!.GetValue<int>());
            Assert.InRange(lines.Count, picture.Lines.Count, picture.Lines.Count * 2);
            Assert.All(lines, line =>
            {
                var box = line!["box"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
                Assert.True(box[0] >= 0 && box[1] >= 0 && box[2] > 0 && box[3] > 0 && box[0] + box[2] <= width && box[1] + box[3] <= height, line.ToJsonString());
                Assert.InRange(line["confidence"]!.GetValue<double>(), 0.5, 1.0);
            });
        }

        output.WriteLine($"overall {1 - ((double)errors / characters):P2}");
        Assert.True(errors <= characters * 0.05, $"{errors} of {characters} characters read wrong");

        // Text search: every word, case and accents ignored, newest first, paged like the history.
        Assert.Equal([ids[5]], await SearchAsync(client, "TELESCOPE galaxies"));
        Assert.Equal([ids[1]], await SearchAsync(client, "coffee"));
        Assert.Empty(await SearchAsync(client, "coffee telescope"));
        using var paged = await client.GetAsync(new Uri("/images?text=the&count=1", UriKind.Relative));
        var first = JsonNode.Parse(await paged.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal("2", paged.Headers.GetValues("X-Total-Count").Single()); // "over the lazy dog", "seen by the telescope"
        Assert.Equal(ids[5], first.Single()!["id"]!.GetValue<string>());
        var next = paged.Headers.GetValues("Link").Single().Split(['<', '>'])[1];
        Assert.Equal([ids[0]], await SearchAsync(client, next, raw: true));
        using var empty = await client.GetAsync(new Uri("/images?text=%20!!", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Text_is_read_upright_and_boxed_in_the_upright_image_when_the_file_is_stored_turned()
    {
        await using var factory = new GatewayFactory(data.Path, vision: true);
        using var client = factory.CreateClient();
        var picture = TextPictures.All()[0];
        using var image = Image.Load<Rgba32>(picture.Png);
        var (uprightWidth, uprightHeight) = (image.Width, image.Height);

        // Stored turned a quarter counter-clockwise, with EXIF orientation 6 (turn clockwise to show).
        image.Mutate(c => c.Rotate(RotateMode.Rotate270));
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 95 });

        var id = (await UploadAsync(client, stream.ToArray(), "turned.jpg"))["id"]!.GetValue<string>();
        var text = (await WaitForAsync(client, id, "Text"))["result"]!["Text"]!;

        Assert.True(TextPictures.Accuracy(picture.Text, TextPictures.Collapse(text["text"]!.GetValue<string>())) >= 0.95, text.ToJsonString());
        Assert.All(text["lines"]!.AsArray(), line =>
        {
            var box = line!["box"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
            Assert.True(box[0] + box[2] <= uprightWidth && box[1] + box[3] <= uprightHeight && box[2] > box[3] * 4, line.ToJsonString()); // lines lie flat
        });
    }

    [Fact]
    public async Task An_edited_photograph_and_the_other_half_of_a_stereo_pair_are_found_first_by_look()
    {
        await using var factory = new GatewayFactory(data.Path, vision: true);
        using var client = factory.CreateClient();
        var idOf = new Dictionary<string, string>();
        foreach (var name in LookAlikePhotos.Set)
        {
            idOf[name] = (await UploadAsync(client, LookAlikePhotos.Original(name), name))["id"]!.GetValue<string>();
        }

        var edited = (await UploadAsync(client, LookAlikePhotos.Edited("chelsea.png"), "chelsea-edited.png"))["id"]!.GetValue<string>();
        var right = (await UploadAsync(client, LookAlikePhotos.Original("motorcycle_right.png"), "motorcycle_right.png"))["id"]!.GetValue<string>();
        foreach (var id in idOf.Values.Append(edited).Append(right))
        {
            await WaitForAsync(client, id, "Visual Embedding");
        }

        // The perceptual hash no longer finds the edit.
        var hashes = await Task.WhenAll(new[] { edited, idOf["chelsea.png"] }.Select(async id => Convert.ToUInt64((await RecordAsync(client, id))["result"]!["Perceptual Hash"]!.GetValue<string>(), 16)));
        Assert.True(ulong.PopCount(hashes[0] ^ hashes[1]) > 20, $"hash distance {ulong.PopCount(hashes[0] ^ hashes[1])}");
        var byHash = await SimilarAsync(client, edited, "max_distance=20");
        Assert.DoesNotContain(byHash, s => s["id"]!.GetValue<string>() == idOf["chelsea.png"]);

        var byLook = await SimilarAsync(client, edited, "by=look");
        output.WriteLine(string.Join(", ", byLook.Select(s => $"{s["image_name"]} {s["similarity"]}")));
        Assert.Equal(idOf["chelsea.png"], byLook[0]["id"]!.GetValue<string>());
        Assert.Equal(19, byLook.Count); // every other upload: the 18 photographs and the stereo half
        Assert.All(byLook, s => Assert.Null(s["distance"]));
        var similarities = byLook.Select(s => s["similarity"]!.GetValue<double>()).ToList();
        Assert.Equal(similarities.OrderDescending(), similarities);
        Assert.InRange(similarities[0], similarities[1] + 0.05, 1.0);

        Assert.Equal(idOf["motorcycle_left.png"], (await SimilarAsync(client, right, "by=look&limit=1")).Single()["id"]!.GetValue<string>());
        using var wrong = await client.GetAsync(new Uri($"/images/{right}/similar?by=colour", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task A_missing_model_switches_its_processor_off_says_so_and_uploads_go_on()
    {
        using var empty = new TempDirectory();
        await using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?> { ["ImgProcess:Models:Directory"] = empty.Path }, vision: true);
        using var client = factory.CreateClient();

        var processors = JsonNode.Parse(await client.GetStringAsync(new Uri("/processors", UriKind.Relative)))!.AsArray();
        foreach (var name in new[] { "Text", "Visual Embedding" })
        {
            var listed = processors.Single(p => p!["name"]!.GetValue<string>() == name)!;
            Assert.Contains("not found", listed["unavailable"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.All(processors.Where(p => p!["name"]!.GetValue<string>() is not ("Text" or "Visual Embedding")), p => Assert.Null(p!["unavailable"]));
        var answer = await UploadAsync(client, LookAlikePhotos.Original("chelsea.png"), "chelsea.png");
        var id = answer["id"]!.GetValue<string>();
        var record = await RecordAsync(client, id);
        Assert.Null(record["processors"]!["Text"]);
        Assert.Null(record["processors"]!["Visual Embedding"]);
        Assert.NotNull(record["result"]!["Average Pixel Value"]);
        using var look = await client.GetAsync(new Uri($"/images/{id}/similar?by=look", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, look.StatusCode);
    }

    private static async Task<JsonNode> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        using var body = MultipartBodies.Image(bytes, name);
        using var response = await client.PostAsync(new Uri("/images", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> RecordAsync(HttpClient client, string id) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri($"/images/{id}", UriKind.Relative)))!;

    private static async Task<JsonNode> WaitForAsync(HttpClient client, string id, string processor)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var record = await RecordAsync(client, id);
            if (record["processors"]![processor]!["state"]!.GetValue<string>() != "pending")
            {
                Assert.Equal("done", record["processors"]![processor]!["state"]!.GetValue<string>());
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{processor} did not finish in time: {record.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private static async Task<List<string>> SearchAsync(HttpClient client, string words, bool raw = false)
    {
        var uri = raw ? words : $"/images?text={Uri.EscapeDataString(words)}";
        var found = JsonNode.Parse(await client.GetStringAsync(new Uri(uri, UriKind.Relative)))!.AsArray();
        return [.. found.Select(f => f!["id"]!.GetValue<string>())];
    }

    private static async Task<List<JsonNode>> SimilarAsync(HttpClient client, string id, string query) =>
        [.. JsonNode.Parse(await client.GetStringAsync(new Uri($"/images/{id}/similar?{query}", UriKind.Relative)))!.AsArray().Select(s => s!)];
}
