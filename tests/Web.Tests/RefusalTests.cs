using ImgProcess.Tests;
using Microsoft.Playwright;

namespace ImgProcess.Web.Tests;

/// <summary>The page against a gateway with a small upload limit and two uploads per client per minute.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RefusalTests(StrictBrowserGateway gateway)
{
    [Fact]
    public async Task Too_large_and_rate_limited_uploads_show_why_they_were_refused()
    {
        var page = await gateway.OpenAsync();

        // 1st request of the minute: larger than MaxUploadBytes.
        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "huge.jpg", MimeType = "image/jpeg", Buffer = new byte[StrictBrowserGateway.MaxUploadBytes + 50_000] });
        var huge = page.Locator("li.upload[data-name='huge.jpg']");
        await Assertions.Expect(huge).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(huge.Locator(".refusal")).ToContainTextAsync($"File too large: The file is larger than the limit of {StrictBrowserGateway.MaxUploadBytes} bytes");

        // 2nd: accepted. 3rd: over the per-client limit.
        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "fine.png", MimeType = "image/png", Buffer = TestImages.Stamped(TestImages.GradientRgbaPng(32, 32), Guid.NewGuid().ToString()) });
        await Assertions.Expect(page.Locator("li.upload[data-name='fine.png']")).ToHaveAttributeAsync("data-state", "done");
        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "one-too-many.png", MimeType = "image/png", Buffer = TestImages.Stamped(TestImages.GradientRgbaPng(32, 32), Guid.NewGuid().ToString()) });
        var limited = page.Locator("li.upload[data-name='one-too-many.png']");
        await Assertions.Expect(limited).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(limited.Locator(".refusal")).ToContainTextAsync($"Too many uploads: This client may upload {StrictBrowserGateway.UploadsPerMinute} images per minute");

        await gateway.ScreenshotAsync(page, "limits");
    }
}
