using System.Net;
using System.Text.RegularExpressions;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using ImgProcess.Tests;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class WebPageTests(BrowserGateway gateway)
{
    [Fact]
    public async Task An_upload_shows_its_progress_then_a_result_card_a_person_can_read_and_a_gallery_tile()
    {
        var bytes = WithCamera(TestImages.Stamped(TestImages.LandscapeJpeg(800, 600, seed: 3), Guid.NewGuid().ToString()), "TestCam");
        var page = await gateway.OpenAsync();

        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "landscape.jpg", MimeType = "image/jpeg", Buffer = bytes });
        var upload = page.Locator("li.upload[data-name='landscape.jpg']");
        await Assertions.Expect(upload).ToHaveAttributeAsync("data-state", "done");

        // The progress bar followed the bytes sent (the multipart body is a little larger than the file).
        Assert.True(long.Parse(await upload.GetAttributeAsync("data-sent") ?? "0") >= bytes.Length);

        var id = (await upload.Locator(".card-title a").GetAttributeAsync("href"))!["#/images/".Length..];
        var record = await gateway.Api.GetFromJsonAsync<JsonElement>($"/images/{id}");
        var results = record.GetProperty("result");

        var swatches = await upload.Locator(".swatch-item").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.hex)");
        Assert.Equal(results.GetProperty("Dominant Colours").GetProperty("colours").EnumerateArray().Select(c => c.GetProperty("hex").GetString()), swatches);
        var swatchColour = await upload.Locator(".swatch").First.EvaluateAsync<string>("s => getComputedStyle(s).backgroundColor");
        Assert.Equal(CssRgb(swatches[0]), swatchColour);

        Assert.Equal(4, await upload.Locator("svg.histogram polyline").CountAsync());
        await Assertions.Expect(upload.Locator("table.exif")).ToContainTextAsync("TestCam");
        await Assertions.Expect(upload.Locator("code.hash")).ToHaveTextAsync(results.GetProperty("Perceptual Hash").GetString()!);
        var average = results.GetProperty("Average Pixel Value").GetDouble();
        await Assertions.Expect(upload.Locator("[data-processor='Average Pixel Value'] .figure")).ToHaveTextAsync(average.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(upload.Locator("[data-processor='Sharpness']")).ToContainTextAsync(results.GetProperty("Sharpness").GetProperty("blurry").GetBoolean() ? "blurry" : "sharp");
        Assert.True(await ImageLoadedAsync(upload.Locator(".card-thumb img")));

        var tile = page.Locator($"#gallery li[data-id='{id}']");
        await Assertions.Expect(tile).ToBeVisibleAsync();
        Assert.True(await ImageLoadedAsync(tile.Locator("img")));
        Assert.Equal(id, await page.Locator("#gallery li").First.GetAttributeAsync("data-id"));

        await gateway.ScreenshotAsync(page, "upload");
        Assert.Empty(gateway.ScriptErrorsOf(page));
    }

    [Fact]
    public async Task Several_files_upload_at_once_each_with_its_own_state()
    {
        var page = await gateway.OpenAsync();
        var files = Enumerable.Range(0, 3).Select(i => new FilePayload
        {
            Name = $"batch-{i}.png",
            MimeType = "image/png",
            Buffer = TestImages.Stamped(TestImages.GradientRgbaPng(96, 64), Guid.NewGuid().ToString()),
        }).ToArray();

        await page.SetInputFilesAsync("#file-input", files);

        foreach (var file in files)
        {
            await Assertions.Expect(page.Locator($"li.upload[data-name='{file.Name}']")).ToHaveAttributeAsync("data-state", "done");
        }

        Assert.Equal(3, await page.Locator("li.upload .card").CountAsync());
    }

    [Fact]
    public async Task Dropping_a_file_on_the_drop_zone_uploads_it()
    {
        var page = await gateway.OpenAsync();
        var bytes = TestImages.Stamped(TestImages.GradientRgbaPng(64, 64), Guid.NewGuid().ToString());

        // A real DataTransfer with a File, dispatched as the browser does for a drag from the desktop.
        var transfer = await page.EvaluateHandleAsync(
            "bytes => { const t = new DataTransfer(); t.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' })); return t; }",
            bytes.Select(b => (int)b).ToArray());
        await page.DispatchEventAsync("#drop-zone", "dragover", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await page.DispatchEventAsync("#drop-zone", "drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });

        await Assertions.Expect(page.Locator("li.upload[data-name='dropped.png']")).ToHaveAttributeAsync("data-state", "done");
    }

    [Fact]
    public async Task The_gallery_is_newest_first_and_loads_the_next_page_by_cursor_as_you_scroll()
    {
        for (var i = 0; i < 30; i++)
        {
            await UploadAsync(TestImages.Stamped(TestImages.GradientRgbaPng(48, 48), Guid.NewGuid().ToString()), $"many-{i}.png");
        }

        var newest = (await gateway.Api.GetFromJsonAsync<JsonElement[]>("/images?count=48"))!.Select(r => r.GetProperty("id").GetString()).ToArray();
        var page = await gateway.OpenAsync(width: 1000, height: 700);
        var tiles = page.Locator("#gallery li");

        await Assertions.Expect(tiles).ToHaveCountAsync(24);
        Assert.Equal(newest.Take(24), await TileIdsAsync(tiles));

        await page.Locator("#gallery-end").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(tiles).ToHaveCountAsync(newest.Length);
        Assert.Equal(newest, await TileIdsAsync(tiles));
        var total = (await gateway.Api.GetAsync("/images?count=1")).Headers.GetValues("X-Total-Count").Single();
        await Assertions.Expect(page.Locator("#gallery-count")).ToHaveTextAsync($"({total})");

        await gateway.ScreenshotAsync(page, "gallery");
        Assert.Empty(gateway.ScriptErrorsOf(page));
    }

    [Fact]
    public async Task Deleting_the_last_loaded_image_does_not_break_loading_the_next_page()
    {
        for (var i = 0; i < 30; i++)
        {
            await UploadAsync(TestImages.Stamped(TestImages.GradientRgbaPng(40, 40), Guid.NewGuid().ToString()), $"cursor-{i}.png");
        }

        var page = await gateway.OpenAsync(width: 1000, height: 700);
        var tiles = page.Locator("#gallery li");
        await Assertions.Expect(tiles).ToHaveCountAsync(24);
        var last = await tiles.Nth(23).GetAttributeAsync("data-id");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        await tiles.Nth(23).Locator("a").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator("#home-view")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#gallery li[data-id='{last}']")).ToHaveCountAsync(0);
        await page.Locator("#gallery-end").ScrollIntoViewIfNeededAsync();

        var newest = (await gateway.Api.GetFromJsonAsync<JsonElement[]>("/images?count=47"))!.Select(r => r.GetProperty("id").GetString()).ToArray();
        await Assertions.Expect(tiles).ToHaveCountAsync(newest.Length);
        Assert.Equal(newest, await TileIdsAsync(tiles));
        Assert.DoesNotContain(last, newest);
        Assert.NotEqual("error", await page.Locator("#notice").GetAttributeAsync("data-kind"));
    }

    [Fact]
    public async Task The_detail_view_shows_the_image_its_results_and_similar_images_and_delete_removes_it()
    {
        var scene = TestImages.LandscapeJpeg(640, 480, seed: 1, quality: 95);
        var original = await UploadAsync(TestImages.Stamped(scene, Guid.NewGuid().ToString()), "harbour.jpg");
        var recompressed = await UploadAsync(TestImages.Stamped(HalfSizeLowQuality(scene), Guid.NewGuid().ToString()), "harbour-small.jpg");
        var page = await gateway.OpenAsync();

        await page.Locator($"#gallery li[data-id='{original}'] a").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/images/{original}$"));
        await Assertions.Expect(page.Locator("#detail-heading")).ToHaveTextAsync("harbour.jpg");
        Assert.True(await ImageLoadedAsync(page.Locator(".full-image img")));
        await Assertions.Expect(page.Locator("#detail-body .card [data-processor='Dominant Colours'] .swatch-item").First).ToBeVisibleAsync();
        var similar = page.Locator($"#similar li[data-id='{recompressed}']");
        await Assertions.Expect(similar).ToContainTextAsync("bits apart");
        await gateway.ScreenshotAsync(page, "detail");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Deleted harbour.jpg.");
        await Assertions.Expect(page.Locator("#home-view")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#gallery li[data-id='{original}']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Api.GetAsync($"/images/{original}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Api.GetAsync($"/images/{recompressed}")).StatusCode);
        Assert.Empty(gateway.ScriptErrorsOf(page));
    }

    [Fact]
    public async Task A_text_file_is_refused_in_the_services_own_words()
    {
        var text = "not an image, just notes"u8.ToArray();
        using var direct = MultipartBodies.Image(text, "notes.txt");
        var answer = await gateway.Api.PostAsync("/images", direct);
        var error = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);

        var page = await gateway.OpenAsync();
        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = text });

        var upload = page.Locator("li.upload[data-name='notes.txt']");
        await Assertions.Expect(upload).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(upload.Locator(".refusal")).ToHaveTextAsync($"{error.GetProperty("error").GetString()}: {error.GetProperty("details").GetString()}");
        await Assertions.Expect(upload.Locator("[role=alert]")).ToBeVisibleAsync();
        await gateway.ScreenshotAsync(page, "refused");
    }

    [Fact]
    public async Task The_file_input_is_reached_and_opened_with_the_keyboard()
    {
        var page = await gateway.OpenAsync();
        // Waiting for the chooser asks the browser to intercept file dialogs without awaiting its answer (a CI run
        // once pressed Space before it arrived and no chooser came): ask first, so the Tab presses' round trips
        // lie between the request and the Space that opens the dialog.
        var chooser = page.WaitForFileChooserAsync();
        for (var presses = 0; presses < 12 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "file-input"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("file-input", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.PressAsync("Space");
        await (await chooser).SetFilesAsync(new FilePayload { Name = "keyboard.png", MimeType = "image/png", Buffer = TestImages.Stamped(TestImages.GradientRgbaPng(32, 32), Guid.NewGuid().ToString()) });

        await Assertions.Expect(page.Locator("li.upload[data-name='keyboard.png']")).ToHaveAttributeAsync("data-state", "done");
    }

    [Fact]
    public async Task On_a_phone_sized_screen_nothing_scrolls_sideways_and_axe_finds_no_accessibility_violations()
    {
        var id = await UploadAsync(WithCamera(TestImages.Stamped(TestImages.LandscapeJpeg(400, 300, seed: 5), Guid.NewGuid().ToString()), "PhoneCam"), "phone.jpg");
        var page = await gateway.OpenAsync(width: 390, height: 844);
        await Assertions.Expect(page.Locator($"#gallery li[data-id='{id}']")).ToBeVisibleAsync();

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        AssertNoViolations(await page.RunAxe());
        await gateway.ScreenshotAsync(page, "phone-gallery");

        await page.GotoAsync($"/#/images/{id}");
        await Assertions.Expect(page.Locator("#detail-body table.exif")).ToContainTextAsync("PhoneCam");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        AssertNoViolations(await page.RunAxe());
        await gateway.ScreenshotAsync(page, "phone-detail");
    }

    [Fact]
    public async Task The_api_reference_renders_the_openapi_document_from_the_gateway_alone_under_its_content_security_policy()
    {
        var context = await gateway.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = gateway.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var elsewhere = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(gateway.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/api");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ImgProcess API" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("The enabled processors", new() { Exact = false }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Upload one image in the multipart field", new() { Exact = false }).First).ToBeAttachedAsync();
        Assert.Empty(elsewhere);
        Assert.DoesNotContain(errors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await gateway.ScreenshotAsync(page, "api-reference", fullPage: false);
    }

    [Fact]
    public async Task A_tile_shows_the_uploads_decoded_ThumbHash_until_its_thumbnail_arrives_and_the_card_shows_both_hashes()
    {
        var id = await UploadAsync(TestImages.Stamped(TestImages.LandscapeJpeg(400, 300, seed: 11), Guid.NewGuid().ToString()), "placeholder.jpg");
        var record = await gateway.Api.GetFromJsonAsync<JsonElement>($"/images/{id}");
        var placeholder = record.GetProperty("result").GetProperty("Placeholder");
        Assert.False(string.IsNullOrEmpty(placeholder.GetProperty("thumbhash").GetString()));
        Assert.False(string.IsNullOrEmpty(placeholder.GetProperty("blurhash").GetString()));

        // Thumbnails that never arrive (a slow network): the tile shows the placeholder meanwhile.
        var page = await gateway.OpenAsync();
        await page.RouteAsync("**/images/thumbnails/**", route => route.AbortAsync());
        await page.ReloadAsync();
        var tile = page.Locator($"#gallery li[data-id='{id}'] img");
        await Assertions.Expect(tile).ToHaveAttributeAsync("style", new Regex("background-image: url\\(\"data:image/png;base64,"));

        await page.Locator($"#gallery li[data-id='{id}'] a").ClickAsync();
        var section = page.Locator("#detail-body .card [data-processor='Placeholder']");
        await Assertions.Expect(section).ToContainTextAsync(placeholder.GetProperty("blurhash").GetString()!);
        Assert.True(await ImageLoadedAsync(section.Locator("img.placeholder-preview")));
    }

    [Fact]
    public async Task An_iPhone_photo_picked_on_the_page_is_analysed_and_its_detail_view_shows_an_image_the_browser_can_draw()
    {
        // A HEIC made here from a JPEG with Debian's heif-enc (test.sh installs libheif-examples): Chromium cannot draw HEIC.
        var directory = Directory.CreateTempSubdirectory("imgprocess-heic-");
        try
        {
            var jpeg = Path.Combine(directory.FullName, "scene.jpg");
            await File.WriteAllBytesAsync(jpeg, TestImages.LandscapeJpeg(320, 240, seed: 7, quality: 95));
            var heic = Path.Combine(directory.FullName, "IMG_0001.heic");
            using (var encoder = System.Diagnostics.Process.Start("heif-enc", ["-q", "70", "-o", heic, jpeg]))
            {
                await encoder.WaitForExitAsync();
                Assert.Equal(0, encoder.ExitCode);
            }

            var page = await gateway.OpenAsync();
            await page.SetInputFilesAsync("#file-input", heic);
            var upload = page.Locator("li.upload[data-name='IMG_0001.heic']");
            await Assertions.Expect(upload).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 20_000 });

            var newest = (await gateway.Api.GetFromJsonAsync<JsonElement[]>("/images?count=1"))![0];
            Assert.Equal("HEIC", newest.GetProperty("format").GetString());
            await page.GotoAsync($"/#/images/{newest.GetProperty("id").GetString()}");
            Assert.True(await ImageLoadedAsync(page.Locator(".full-image img")));
            Assert.Contains("/images/thumbnails/", await page.Locator(".full-image img").GetAttributeAsync("src"), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void AssertNoViolations(Deque.AxeCore.Commons.AxeResult result) =>
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Html))}")));

    private async Task<string> UploadAsync(byte[] bytes, string name)
    {
        using var body = MultipartBodies.Image(bytes, name);
        var answer = await gateway.Api.PostAsync("/images", body);
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string?[]> TileIdsAsync(ILocator tiles) =>
        await tiles.EvaluateAllAsync<string?[]>("items => items.map(i => i.dataset.id)");

    private static Task<bool> ImageLoadedAsync(ILocator image) =>
        image.EvaluateAsync<bool>("img => img.decode().then(() => img.naturalWidth > 0, () => false)");

    private static string CssRgb(string hex) =>
        $"rgb({Convert.ToInt32(hex[1..3], 16)}, {Convert.ToInt32(hex[3..5], 16)}, {Convert.ToInt32(hex[5..7], 16)})";

    private static byte[] WithCamera(byte[] jpeg, string make)
    {
        using var image = Image.Load(jpeg);
        image.Metadata.ExifProfile ??= new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Make, make);
        image.Metadata.ExifProfile.SetValue(ExifTag.Model, "Model 1");
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private static byte[] HalfSizeLowQuality(byte[] jpeg)
    {
        using var image = Image.Load(jpeg);
        image.Mutate(c => c.Resize(image.Width / 2, image.Height / 2));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 40 });
        return stream.ToArray();
    }
}
