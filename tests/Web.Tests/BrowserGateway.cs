using ImgProcess.Tests;
using Microsoft.Playwright;

namespace ImgProcess.Web.Tests;

/// <summary>
/// A real gateway process (embedded silo, its own data directory) and Debian's Chromium driven by Playwright.
/// The browser is never downloaded: IMGPROCESS_CHROMIUM or /usr/bin/chromium (installed by test.sh).
/// </summary>
public class BrowserGateway : IAsyncLifetime
{
    private readonly TempDirectory data = new();
    private ServiceProcess? gateway;
    private readonly Dictionary<IPage, List<string>> scriptErrorsByPage = [];
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => gateway!.BaseAddress;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>Where screenshots go: IMGPROCESS_ARTIFACTS, else artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("IMGPROCESS_ARTIFACTS") is { Length: > 0 } configured ? configured : Path.Combine(ServiceProcess.RepositoryRoot(), "artifacts");
            var directory = Path.Combine(root, "screenshots");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        gateway = await ServiceProcess.StartAsync(data.Path, Settings);
        Api = gateway.CreateClient();
        playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("IMGPROCESS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not installed at {executable}: run `apt-get install -y chromium` (test.sh does).");
        }

        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
    }

    /// <summary>A fresh browser context (no shared storage) on the gateway, with a phone or desktop viewport.</summary>
    public async Task<IPage> OpenAsync(string path = "/", int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 4", StringComparison.Ordinal))
            {
                scriptErrors.Add(message.Text);
            }
        };
        page.SetDefaultTimeout(30_000);
        scriptErrorsByPage[page] = scriptErrors;
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Uncaught script errors and console errors (other than refused requests) the page has seen.</summary>
    public IReadOnlyList<string> ScriptErrorsOf(IPage page) => scriptErrorsByPage[page];

    public async Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        Api?.Dispose();
        gateway?.Dispose();
        data.Dispose();
    }
}

/// <summary>A gateway with tight limits, to see the page show the service's refusals.</summary>
public sealed class StrictBrowserGateway : BrowserGateway
{
    public const int MaxUploadBytes = 200_000;
    public const int UploadsPerMinute = 2;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ImgProcess__Limits__MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ImgProcess__Limits__UploadsPerClientPerMinute"] = UploadsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A gateway with the Orleans Dashboard enabled.</summary>
public sealed class DashboardBrowserGateway : BrowserGateway
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ImgProcess__Dashboard__Enabled"] = "true",
        ["ImgProcess__Dashboard__Path"] = "/ops/dashboard",
    };
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserGateway>, ICollectionFixture<StrictBrowserGateway>, ICollectionFixture<DashboardBrowserGateway>
{
    public const string Name = "browser";
}
