using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ImgProcess.Bench;

/// <summary>A cluster on loopback started with scripts/cluster.sh: PostgreSQL, N silos and a client-mode gateway.</summary>
internal sealed class ClusterUnderTest
{
    private readonly string root;
    private readonly Dictionary<string, string> environment;

    private readonly int silos;

    private ClusterUnderTest(string root, Dictionary<string, string> environment, Uri baseAddress, int silos)
    {
        this.root = root;
        this.environment = environment;
        this.silos = silos;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ClusterUnderTest> StartAsync(string directory, int silos)
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var httpPort = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["CLUSTER_DIR"] = directory,
            ["CLUSTER_PG_PORT"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["ImgProcess__Limits__UploadsPerClientPerMinute"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ImgProcess__Processing__Disabled__100"] = "Text",
            ["ImgProcess__Processing__Disabled__101"] = "Visual Embedding",
        };
        var cluster = new ClusterUnderTest(root, environment, new Uri($"http://127.0.0.1:{httpPort}"), silos);
        await cluster.ScriptAsync("start", silos.ToString(CultureInfo.InvariantCulture), httpPort.ToString(CultureInfo.InvariantCulture));
        return cluster;
    }

    /// <summary>CPU seconds used by the gateway and silo processes (PostgreSQL's own processes not included).</summary>
    public double CpuSeconds() => RunningProcessIds().Sum(ProcessStats.CpuSeconds);

    /// <summary>JIT time of the gateway and the silos, in seconds (from their /metrics; cluster.sh serves silo N's on port 18080+N).</summary>
    public Task<double> JitSecondsAsync() =>
        ServiceMetrics.ScrapeAsync([new Uri(BaseAddress, "/metrics"), .. Enumerable.Range(1, silos).Select(n => new Uri($"http://127.0.0.1:{18080 + n}/metrics"))], ServiceMetrics.JitSeconds);

    /// <summary>Sum of the peak resident memory of the gateway and silo processes (PostgreSQL not included).</summary>
    public double PeakResidentMiB() => RunningProcessIds().Sum(ProcessStats.PeakResidentMiB);

    // The gateway and silos scripts/cluster.sh started and that still run.
    private IEnumerable<int> RunningProcessIds() =>
        Directory.EnumerateFiles(environment["CLUSTER_DIR"], "*.pid")
            .Select(file => int.TryParse(File.ReadAllText(file).Trim(), out var id) ? id : 0)
            .Where(id => id > 0 && Directory.Exists($"/proc/{id}"));

    public Task StopAsync() => ScriptAsync("stop");

    private async Task ScriptAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "scripts", "cluster.sh"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed: {output}{error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
