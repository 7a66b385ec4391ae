using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ImgProcess.Bench;

/// <summary>The Release gateway as a separate process (embedded silo, SQLite), so its memory is measured alone.</summary>
internal sealed class GatewayUnderTest : IDisposable
{
    private readonly Process process;

    private GatewayUnderTest(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>
    /// The vision processors (deferred OCR and embedding) are off unless a benchmark turns them on (by setting these
    /// keys to ""): every other benchmark measures the path before the answer, as its earlier figures did.
    /// </summary>
    public static readonly Dictionary<string, string> VisionOff = new()
    {
        ["ImgProcess__Processing__Disabled__100"] = "Text",
        ["ImgProcess__Processing__Disabled__101"] = "Visual Embedding",
    };

    public static async Task<GatewayUnderTest> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null)
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "src", "Gateway", "bin", "Release", "net10.0", "ImgProcess.Gateway.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ImgProcess__Storage__DataDirectory"] = dataDirectory;
        info.Environment["ImgProcess__Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["ImgProcess__Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["ImgProcess__Limits__UploadsPerClientPerMinute"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in VisionOff.Concat(settings ?? new Dictionary<string, string>()))
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayUnderTest(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await http.GetAsync("/images?count=1")).IsSuccessStatusCode)
                {
                    return gateway;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }

            await Task.Delay(250);
        }

        gateway.Dispose();
        throw new TimeoutException("the gateway did not start");
    }

    /// <summary>CPU seconds the gateway process has used.</summary>
    public double CpuSeconds() => ProcessStats.CpuSeconds(process.Id);

    /// <summary>JIT time the gateway has used, in seconds (from its /metrics).</summary>
    public Task<double> JitSecondsAsync() => ServiceMetrics.ScrapeAsync([new Uri(BaseAddress, "/metrics")], ServiceMetrics.JitSeconds);

    /// <summary>Peak resident memory of the gateway process so far (VmHWM), in MiB.</summary>
    public double PeakResidentMiB() => ProcessStats.PeakResidentMiB(process.Id);

    /// <summary>Resident memory now, in MiB.</summary>
    public double ResidentMiB() => ProcessStats.ResidentMiB(process.Id);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
