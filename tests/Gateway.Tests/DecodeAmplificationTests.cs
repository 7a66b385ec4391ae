using System.Globalization;
using System.Net;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// Small files that cost a large decode, against a real gateway process with its defaults (embedded silo): memory stays
/// bounded because decoded pixels are admitted by a per-silo budget, and every answer is honest. The defaults include
/// the vision models, which read every one of these images after the answer and hold about 450 MB of their own
/// (docs/vision.md): the bound is 1 GiB for the decodes plus that.
/// </summary>
public sealed class DecodeAmplificationTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Twenty_four_small_pngs_of_7000x7000_at_once_keep_the_gateway_under_1_gib_besides_the_models_and_are_answered_200_or_503()
    {
        using var gateway = await ServiceProcess.StartAsync(data.Path, new Dictionary<string, string> { ["ImgProcess__Limits__UploadsPerClientPerMinute"] = "0" });
        using var client = gateway.CreateClient();
        var png = HostileFiles.LargeFlatPng(7000, 7000);
        var files = new Queue<byte[]>(Enumerable.Range(0, 24).Select(i => HostileFiles.WithPngText(png, $"upload {i}")));
        var statuses = new List<HttpStatusCode>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (true)
            {
                byte[] file;
                lock (files)
                {
                    if (!files.TryDequeue(out file!))
                    {
                        return;
                    }
                }

                using var response = await client.PostAsync("/images", MultipartBodies.Image(file, "big.png"));
                lock (statuses)
                {
                    statuses.Add(response.StatusCode);
                }
            }
        }));

        var peakMiB = PeakResidentMiB(gateway.ProcessId);
        output.WriteLine($"peak resident memory {peakMiB} MiB; answers {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key} × {g.Count()}"))}");
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {s}"));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.True(peakMiB <= 1024 + ModelsMiB, $"the gateway's resident memory peaked at {peakMiB} MiB");
    }

    // What the two vision models hold resident once loaded and run (ResNet18 about 270 MB, the OCR pair about 200 MB).
    private const int ModelsMiB = 512;

    // VmHWM: the process's peak resident set so far.
    private static long PeakResidentMiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
