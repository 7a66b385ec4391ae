using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using ImgProcess.Tests;

namespace ImgProcess.Bench;

/// <summary>
/// Deferred processing (issue 31), with the Delay drill processor (200 ms, deferred): uploads/s at 8 connections with it
/// on and off, side by side (two rounds, alternating); then a burst of 5 000 distinct uploads at 8 connections with it
/// on, sampling the gateway's resident memory and its queue metrics every second until the queue has drained: upload
/// rate, peak and final RSS, the largest queue and its oldest item's age, and the drain rate.
/// </summary>
internal static class DeferredBenchmark
{
    private const string Delay = "00:00:00.200";

    public static async Task<IReadOnlyList<string>> RunAsync(string images, string data, int clients, TimeSpan duration, int burst)
    {
        var jpeg = await File.ReadAllBytesAsync(Path.Combine(images, "hubble_deep_field.jpg"));
        var lines = new List<string>
        {
            $"| round | Delay processor (200 ms, deferred) | uploads/s ({clients} conn.) | p50 | ratio on/off |",
            "| --- | --- | --- | --- | --- |",
        };
        for (var round = 1; round <= 2; round++)
        {
            double off = 0;
            foreach (var on in new[] { false, true })
            {
                var settings = on ? new Dictionary<string, string> { ["ImgProcess__Processing__DelayProcessor"] = Delay } : null;
                using var gateway = await GatewayUnderTest.StartAsync(Path.Combine(data, $"deferred-{round}-{on}"), settings);
                var result = await LoadGenerator.RunAsync(gateway.BaseAddress, jpeg, "deferred.jpg", clients, duration, TimeSpan.FromSeconds(20), serviceCpuSeconds: gateway.CpuSeconds, serviceJitSeconds: gateway.JitSecondsAsync);
                off = on ? off : result.PerSecond;
                lines.Add($"| {round} | {(on ? "on" : "off")} | {result.PerSecond:0.0} | {result.P50:0.0} ms | {(on ? $"{result.PerSecond / off:0.00}" : "")} |");
            }
        }

        lines.Add("");

        // A sleeping drill occupies a slot without a core: 16 slots let the queue drain at up to 80 uploads/s here.
        lines.AddRange(await BurstAsync(jpeg, Path.Combine(data, "deferred-burst"), clients, burst, "the Delay processor on (MaxConcurrentDeferred 16)", new Dictionary<string, string>
        {
            ["ImgProcess__Processing__DelayProcessor"] = Delay,
            ["ImgProcess__Processing__MaxConcurrentDeferred"] = "16",
        }));
        return lines;
    }

    /// <summary>
    /// A burst of <paramref name="burst"/> distinct uploads at <paramref name="clients"/> connections to a gateway with
    /// <paramref name="settings"/>, sampled every second until its deferred queue has drained: one table row.
    /// </summary>
    public static async Task<IReadOnlyList<string>> BurstAsync(byte[] jpeg, string data, int clients, int burst, string what, IDictionary<string, string> settings)
    {
        using var gateway = await GatewayUnderTest.StartAsync(data, settings);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var metrics = new[] { new Uri(gateway.BaseAddress, "/metrics") };
        var samples = new ConcurrentQueue<(double At, double Rss, double Queued, double OldestAge)>();
        var clock = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await tick.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
            {
                var queued = await ServiceMetrics.ScrapeAsync(metrics, "imgprocess_deferred_queued");
                var age = await ServiceMetrics.ScrapeAsync(metrics, "imgprocess_deferred_oldest_age_seconds");
                samples.Enqueue((clock.Elapsed.TotalSeconds, gateway.ResidentMiB(), queued, age));
            }
        });

        var next = 0;
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= burst)
            {
                using var content = new ByteArrayContent(TestImages.Stamped(jpeg, $"burst {next} {Guid.NewGuid()}"));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var form = new MultipartFormDataContent { { content, "image", "burst.jpg" } };
                using var response = await http.PostAsync(new Uri("/images", UriKind.Relative), form);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var uploaded = clock.Elapsed.TotalSeconds;

        // Until the queue has drained (or ten minutes), then one more sample.
        while (clock.Elapsed < TimeSpan.FromMinutes(10) && (samples.IsEmpty || samples.Last().Queued > 0 || samples.Last().At < uploaded))
        {
            await Task.Delay(500);
        }

        await sampling.CancelAsync();
        await sampler.ContinueWith(_ => { }, TaskScheduler.Default);
        var all = samples.ToList();
        var during = all.Where(s => s.At <= uploaded).ToList();
        var queuedAtEndOfUploads = during.Count > 0 ? during[^1].Queued : 0;
        var drained = all.LastOrDefault(s => s.Queued > 0).At is var lastQueued and > 0 ? lastQueued : uploaded;
        var drainSeconds = Math.Max(0.001, drained - uploaded + 1);
        return
        [
            $"Burst of {burst} uploads at {clients} connections with {what}, sampled every second:",
            "",
            "| uploads/s | failed | RSS after 10 % | peak RSS while uploading | RSS when drained | largest queue | oldest item's peak age | queued at the last upload | drain after uploads |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            $"| {burst / uploaded:0.0} | {failed} | {(during.Count > 0 ? during[Math.Min(during.Count - 1, during.Count / 10)].Rss : double.NaN):0} MiB | {(during.Count > 0 ? during.Max(s => s.Rss) : double.NaN):0} MiB | {(all.Count > 0 ? all[^1].Rss : double.NaN):0} MiB | {(all.Count > 0 ? all.Max(s => s.Queued) : 0):0} | {(all.Count > 0 ? all.Max(s => s.OldestAge) : 0):0.0} s | {queuedAtEndOfUploads:0} | {queuedAtEndOfUploads / drainSeconds:0.0} uploads/s over {drainSeconds:0} s |",
        ];
    }
}
