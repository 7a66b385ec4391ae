using System.Net.Http.Json;
using System.Text.Json;
using ImgProcess.Tests;
using Microsoft.Playwright;

namespace ImgProcess.Web.Tests;

/// <summary>The vision results on the page: the text read in a picture, outlined on it; "Looks like"; searching the text.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VisionPageTests(BrowserGateway gateway)
{
    [Fact]
    public async Task The_text_in_a_picture_is_shown_selectable_and_outlined_its_look_alikes_listed_and_a_search_finds_it()
    {
        var picture = TextPictures.All()[0]; // "The quick brown fox jumps / over the lazy dog 1234" on chelsea.png
        var page = await gateway.OpenAsync();
        await page.SetInputFilesAsync("#file-input", new[]
        {
            new FilePayload { Name = "cat-with-text.png", MimeType = "image/png", Buffer = picture.Png },
            new FilePayload { Name = "cat.png", MimeType = "image/png", Buffer = LookAlikePhotos.Original("chelsea.png") },
        });

        // The card follows the upload until its deferred processors are done: the text is then in it.
        var upload = page.Locator("li.upload[data-name='cat-with-text.png']");
        await Assertions.Expect(upload).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("li.upload[data-name='cat.png']")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 60_000 });
        await Assertions.Expect(upload.Locator("[data-processor='Text'] .recognised-text")).ToContainTextAsync("over the lazy dog 1234");
        var id = (await upload.Locator(".card-title a").GetAttributeAsync("href"))!["#/images/".Length..];
        var lines = (await gateway.Api.GetFromJsonAsync<JsonElement>($"/images/{id}")).GetProperty("result").GetProperty("Text").GetProperty("lines").GetArrayLength();

        await page.GotoAsync($"{gateway.BaseAddress}#/images/{id}");
        await Assertions.Expect(page.Locator(".image-with-text svg.text-overlay rect")).ToHaveCountAsync(lines);
        var selected = await page.Locator("#detail-body .recognised-text").EvaluateAsync<string>("p => { getSelection().selectAllChildren(p); return getSelection().toString(); }");
        Assert.Contains("The quick brown fox jumps", selected, StringComparison.Ordinal);
        var alike = page.Locator("#looks li").First;
        await Assertions.Expect(alike.Locator(".tile-name")).ToHaveTextAsync("cat.png");
        await Assertions.Expect(alike).ToContainTextAsync("% alike");
        await gateway.ScreenshotAsync(page, "vision");

        await page.GotoAsync($"{gateway.BaseAddress}#/");
        await page.FillAsync("#search-text", "LAZY dog");
        await page.Locator("#search button").ClickAsync();
        await Assertions.Expect(page.Locator("#gallery-heading-text")).ToHaveTextAsync("Images with “LAZY dog”");
        await Assertions.Expect(page.Locator("#gallery li")).ToHaveCountAsync(1);
        Assert.Equal(id, await page.Locator("#gallery li").First.GetAttributeAsync("data-id"));
        Assert.Empty(gateway.ScriptErrorsOf(page));
    }
}
