using System.Diagnostics;
using System.Globalization;

namespace ImgProcess.Tests;

/// <summary>
/// A gateway or silo as a real OS process (the built ImgProcess.Gateway.dll / ImgProcess.Silo.dll), for what an
/// in-process host cannot show: SIGTERM and SIGKILL, real sockets, real clustering.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    private ServiceProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts a silo node (no HTTP); readiness is the caller's to check (membership).</summary>
    public static ServiceProcess StartSilo(IDictionary<string, string> settings, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AppAssembly("Silo"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        // Probes and metrics on a free port, so that several silos run side by side.
        var port = FreePorts.Next();
        if (arguments is not (["schema", ..] or ["blobs", ..]))
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
        }

        var silo = new ServiceProcess(Process.Start(info)!, port);
        silo.process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        silo.process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        silo.process.BeginOutputReadLine();
        silo.process.BeginErrorReadLine();
        return silo;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return process.ExitCode;
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static string GatewayAssembly() => AppAssembly("Gateway");

    public static string AppAssembly(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(RepositoryRoot(), "src", project, "bin", configuration, "net10.0", $"ImgProcess.{project}.dll");
    }

    /// <summary>The directory holding ImgProcess.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ImgProcess.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ImgProcess.sln not found above " + AppContext.BaseDirectory);
    }

    public static async Task<ServiceProcess> StartAsync(string dataDirectory, IDictionary<string, string>? settings = null)
    {
        var port = FreePorts.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { GatewayAssembly(), "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ImgProcess__Storage__DataDirectory"] = dataDirectory;
        info.Environment["ImgProcess__Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        info.Environment["ImgProcess__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var gateway = new ServiceProcess(Process.Start(info)!, port);
        gateway.process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        gateway.process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        gateway.process.BeginOutputReadLine();
        gateway.process.BeginErrorReadLine();
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return gateway;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>SIGTERM, then wait for the graceful exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await client.GetAsync("/images?count=1");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The gateway did not answer within {timeout}:\n{Output}");
    }
}
