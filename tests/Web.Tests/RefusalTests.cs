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

        // Far larger than the limit: the page refuses it before sending (the service would cut such a body off),
        // in the service's words, and no request is spent.
        await Assertions.Expect(page.Locator("#accepted-formats")).ToHaveTextAsync("PNG, JPEG, GIF, BMP, TIFF, WEBP, HEIC, AVIF, JXL");
        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "enormous.jpg", MimeType = "image/jpeg", Buffer = new byte[3 * 1024 * 1024] });
        var enormous = page.Locator("li.upload[data-name='enormous.jpg']");
        await Assertions.Expect(enormous).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(enormous.Locator(".refusal")).ToHaveTextAsync($"File too large: The file is larger than the limit of {StrictBrowserGateway.MaxUploadBytes} bytes (MaxUploadBytes).");

        // Two requests are allowed this minute, the third is over the per-client limit.
        foreach (var name in new[] { "fine-1.png", "fine-2.png" })
        {
            await page.SetInputFilesAsync("#file-input", new FilePayload { Name = name, MimeType = "image/png", Buffer = TestImages.Stamped(TestImages.GradientRgbaPng(32, 32), Guid.NewGuid().ToString()) });
            await Assertions.Expect(page.Locator($"li.upload[data-name='{name}']")).ToHaveAttributeAsync("data-state", "done");
        }

        await page.SetInputFilesAsync("#file-input", new FilePayload { Name = "one-too-many.png", MimeType = "image/png", Buffer = TestImages.Stamped(TestImages.GradientRgbaPng(32, 32), Guid.NewGuid().ToString()) });
        var limited = page.Locator("li.upload[data-name='one-too-many.png']");
        await Assertions.Expect(limited).ToHaveAttributeAsync("data-state", "refused");
        await Assertions.Expect(limited.Locator(".refusal")).ToContainTextAsync($"Too many uploads: This client may upload {StrictBrowserGateway.UploadsPerMinute} images per minute");

        await gateway.ScreenshotAsync(page, "limits");
    }
}
