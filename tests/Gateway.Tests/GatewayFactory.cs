using ImgProcess.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// The real gateway host (embedded silo, SQLite, file blobs) on a data directory and silo ports of its own; the vision
/// processors are off unless <c>vision</c> is set (<see cref="VisionProcessors"/>).
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    private readonly Dictionary<string, string?> settings;

    public GatewayFactory(string dataDirectory, IDictionary<string, string?>? extra = null, bool vision = false)
    {
        DataDirectory = dataDirectory;
        settings = new()
        {
            ["ImgProcess:Storage:DataDirectory"] = dataDirectory,
            ["ImgProcess:Cluster:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImgProcess:Cluster:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImgProcess:Limits:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in vision ? [] : VisionProcessors.Off())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
