using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using ImgProcess.Tests;

namespace ImgProcess.Bench;

/// <summary>
/// Decode amplification against a fresh embedded gateway (issue 30): 48 small JPEGs whose headers claim 7000×7000 (their
/// data ends early) at concurrency 16, then 24 distinct PNGs of 7000×7000 a few KB each at concurrency 8. Reports the
/// answers, the time, and the gateway's peak resident memory after each.
/// </summary>
internal static class AmplificationBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string dataDirectory)
    {
        var lines = new List<string>
        {
            "| load | uploads | concurrency | answers | took | slowest answer | peak RSS after |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        };
        using var gateway = await GatewayUnderTest.StartAsync(Path.Combine(dataDirectory, "amplification"));
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

        var claim = HostileFiles.JpegWithDataEndingEarly(TestImages.SolidJpeg(16, 16, new(90, 120, 200)), 7000, 7000);
        lines.Add(await SendAsync(http, gateway, Enumerable.Repeat(claim, 48).ToList(), "claim.jpg", 16, $"JPEG of {claim.Length} bytes claiming 7000×7000"));

        var png = HostileFiles.LargeFlatPng(7000, 7000);
        var pngs = Enumerable.Range(0, 24).Select(i => HostileFiles.WithPngText(png, $"variant {i}")).ToList();
        lines.Add(await SendAsync(http, gateway, pngs, "big.png", 8, $"PNG of {png.Length / 1024.0:0} KB, 7000×7000, distinct"));
        return lines;
    }

    private static async Task<string> SendAsync(HttpClient http, GatewayUnderTest gateway, List<byte[]> files, string name, int concurrency, string label)
    {
        var statuses = new ConcurrentBag<int>();
        var slowest = TimeSpan.Zero;
        var queue = new ConcurrentQueue<byte[]>(files);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (queue.TryDequeue(out var file))
            {
                using var content = new ByteArrayContent(file);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var form = new MultipartFormDataContent { { content, "image", name } };
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/images", form);
                statuses.Add((int)response.StatusCode);
                var took = Stopwatch.GetElapsedTime(started);
                lock (statuses)
                {
                    slowest = took > slowest ? took : slowest;
                }
            }
        }));
        var answers = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}"));
        return $"| {label} | {files.Count} | {concurrency} | {answers} | {clock.Elapsed.TotalSeconds:0.00} s | {slowest.TotalSeconds:0.00} s | {gateway.PeakResidentMiB():0} MiB |";
    }
}
