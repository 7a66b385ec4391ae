using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ImgProcess.Grains.Hosting;
using ImgProcess.Tests;

namespace ImgProcess.Deploy.Tests;

/// <summary>
/// No Docker engine runs here, so the image cannot be built; instead the Dockerfile's own dotnet commands run as
/// written (outputs moved to a temp directory), and what they publish must start on its own from another directory.
/// </summary>
public sealed partial class DockerfilePublishTests
{
    [Fact]
    public async Task The_dotnet_commands_of_the_dockerfile_publish_a_gateway_and_a_silo_that_run()
    {
        using var output = new TempDirectory();
        var root = ServiceProcess.RepositoryRoot();
        var commands = File.ReadAllLines(Path.Combine(root, "Dockerfile"))
            .Select(line => RunDotnet().Match(line))
            .Where(match => match.Success)
            .SelectMany(match => match.Groups["commands"].Value.Split("&&", StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Contains(commands, c => c.StartsWith("dotnet publish src/Gateway/", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("dotnet publish src/Silo/", StringComparison.Ordinal));

        foreach (var command in commands)
        {
            var arguments = command["dotnet ".Length..].Replace("/app/", output.Path + "/", StringComparison.Ordinal);
            var (exitCode, log) = await RunAsync(root, "dotnet", arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.True(exitCode == 0, $"`{command}` failed:\n{log}");
        }

        // Skia's native library (the PNG decoder) for the images' glibc Linux only, not for every platform it ships.
        var skia = Directory.GetFiles(Path.Combine(output.Path, "gateway"), "libSkiaSharp*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Path.Combine(output.Path, "gateway"), file)).Order(StringComparer.Ordinal);
        Assert.Equal(["runtimes/linux-arm64/native/libSkiaSharp.so", "runtimes/linux-x64/native/libSkiaSharp.so"], skia);

        // The vision models and ONNX Runtime go with both: the silos run the processors, an embedded gateway too.
        foreach (var app in new[] { "gateway", "silo" })
        {
            foreach (var file in new[] { "models/ocr/det.onnx", "models/ocr/rec.onnx", "models/ocr/keys.txt", "models/resnet18/ResNet18.onnx", "models/resnet18/ResNetPreprocess.onnx", "runtimes/linux-x64/native/libonnxruntime.so" })
            {
                Assert.True(File.Exists(Path.Combine(output.Path, app, file)), $"{app} has no {file}");
            }
        }

        // The published gateway runs from its own directory: web page, API reference, health.
        using var data = new TempDirectory();
        var port = FreePorts.Next();
        using var gateway = StartPublished(Path.Combine(output.Path, "gateway", "ImgProcess.Gateway.dll"), data.Path, ("ASPNETCORE_HTTP_PORTS", port.ToString(CultureInfo.InvariantCulture)));
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilAnswersAsync(client, "/health/live", gateway);
            Assert.Contains("<title>ImgProcess</title>", await client.GetStringAsync("/"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            var processors = await client.GetStringAsync("/processors");
            Assert.Contains("\"Visual Embedding\"", processors, StringComparison.Ordinal);
            Assert.DoesNotContain("\"unavailable\"", processors, StringComparison.Ordinal);
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
        }

        // The published silo runs its schema command (SQLite here) and exits cleanly.
        var (siloExit, siloLog) = await RunAsync(data.Path, "dotnet", [Path.Combine(output.Path, "silo", "ImgProcess.Silo.dll"), "schema"], ("ImgProcess__Storage__DataDirectory", data.Path));
        Assert.True(siloExit == 0, siloLog);
        Assert.Contains("schema is at version", siloLog, StringComparison.Ordinal);

        // The silo image moves the base image's HTTP port (8080) to the probe port the manifests use; the published
        // silo honours that variable (a free port stands in for it here) and answers its probes and metrics.
        var siloEnvironment = StageEnvironment(root, "silo");
        Assert.Equal(SiloHosting.DefaultPort.ToString(CultureInfo.InvariantCulture), siloEnvironment["ASPNETCORE_HTTP_PORTS"]);
        using var siloData = new TempDirectory();
        var siloPort = FreePorts.Next();
        using var silo = StartPublished(Path.Combine(output.Path, "silo", "ImgProcess.Silo.dll"), siloData.Path, ("ASPNETCORE_HTTP_PORTS", siloPort.ToString(CultureInfo.InvariantCulture)));
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{siloPort}") };
            await WaitUntilAnswersAsync(probe, "/health/ready", silo);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
            Assert.Contains("# TYPE", await probe.GetStringAsync("/metrics"), StringComparison.Ordinal);
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync();
        }
    }

    // ENV lines of one stage of the Dockerfile.
    private static Dictionary<string, string> StageEnvironment(string root, string stage)
    {
        var environment = new Dictionary<string, string>();
        var inStage = false;
        foreach (var line in File.ReadAllLines(Path.Combine(root, "Dockerfile")))
        {
            if (line.StartsWith("FROM ", StringComparison.Ordinal))
            {
                inStage = line.EndsWith($" AS {stage}", StringComparison.Ordinal);
            }
            else if (inStage && line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                var (key, value) = (line[4..].Split('=', 2)[0], line[4..].Split('=', 2)[1]);
                environment[key] = value;
            }
        }

        return environment;
    }

    [GeneratedRegex(@"^RUN (?<commands>dotnet .*)$")]
    private static partial Regex RunDotnet();

    private static Process StartPublished(string assembly, string dataDirectory, params (string Key, string Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dataDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(assembly);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["ImgProcess__Storage__DataDirectory"] = dataDirectory;
        info.Environment["ImgProcess__Cluster__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["ImgProcess__Cluster__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilAnswersAsync(HttpClient client, string path, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await client.GetAsync(path)).IsSuccessStatusCode)
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

        throw new TimeoutException($"the published app did not answer {path} (exited: {process.HasExited})");
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string directory, string file, IEnumerable<string> arguments, params (string Key, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
