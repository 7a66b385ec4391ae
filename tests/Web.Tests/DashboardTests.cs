using System.Net;
using ImgProcess.Tests;
using Microsoft.Playwright;

namespace ImgProcess.Web.Tests;

[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(DashboardBrowserGateway gateway)
{
    [Fact]
    public async Task When_enabled_the_orleans_dashboard_is_served_at_its_path_and_shows_the_silo_and_our_grains()
    {
        using (var upload = MultipartBodies.Image(TestImages.Stamped(TestImages.GradientRgbaPng(32, 32), Guid.NewGuid().ToString()), "seen.png"))
        {
            (await gateway.Api.PostAsync("/images", upload)).EnsureSuccessStatusCode();
        }

        var page = await gateway.OpenAsync("/ops/dashboard/");

        await Assertions.Expect(page.GetByText("Active Silos", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GotoAsync("/ops/dashboard/#/grains");
        await Assertions.Expect(page.GetByText("ImageGrain", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.DoesNotContain(gateway.ScriptErrorsOf(page), e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await gateway.ScreenshotAsync(page, "dashboard", fullPage: false);

        // The trace (live log) stream stays off unless asked for.
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Api.GetAsync("/ops/dashboard/Trace")).StatusCode);
    }
}
