using System.Diagnostics;
using System.Net.Http.Headers;

namespace ImgProcess.Bench;

/// <summary>N clients upload the same image as fast as they can for a fixed time; reports throughput and latency.</summary>
internal static class LoadGenerator
{
    public sealed record Result(int Ok, int Failed, double Seconds, double P50, double P95, double P99, double CpuSeconds = double.NaN, double WarmupSeconds = 0)
    {
        public double PerSecond => Ok / Seconds;

        /// <summary>CPU time of the service's processes per acknowledged upload, in ms (NaN when not measured).</summary>
        public double CpuMsPerUpload => CpuSeconds * 1000 / Ok;
    }

    /// <summary>
    /// Uploads <paramref name="image"/>; with <paramref name="unique"/> each JPEG upload gets its own comment segment, so
    /// its bytes (and SHA-256) differ and deduplication cannot answer it from stored results. With
    /// <paramref name="serviceCpuSeconds"/> (CPU seconds the service's processes have used so far), it is sampled when
    /// the measured window opens and closes, giving CPU time per upload. The load runs for <paramref name="warmup"/>
    /// before the measured window; with <paramref name="serviceJitSeconds"/> it goes on until the service's JIT is
    /// quiet (<see cref="JitQuiet"/>).
    /// </summary>
    public static async Task<Result> RunAsync(Uri baseAddress, byte[] image, string fileName, int clients, TimeSpan duration, TimeSpan warmup, bool unique = true, Func<double>? serviceCpuSeconds = null, Func<Task<double>>? serviceJitSeconds = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };

        var warmupSeconds = await JitQuiet.WarmUpAsync(
            keepGoing => Task.WhenAll(Enumerable.Range(0, clients).Select(_ => LoopAsync(http, image, fileName, keepGoing, null, unique))),
            serviceJitSeconds,
            warmup);

        var latencies = new List<double>();
        var failed = 0;
        var cpuAtStart = serviceCpuSeconds?.Invoke() ?? double.NaN;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => LoopAsync(http, image, fileName, () => Stopwatch.GetTimestamp() < end, latencies, unique)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (serviceCpuSeconds?.Invoke() ?? double.NaN) - cpuAtStart;
        failed = counts.Sum(c => c.failed);
        return new Result(latencies.Count, failed, seconds, Statistics.Percentile(latencies, 50), Statistics.Percentile(latencies, 95), Statistics.Percentile(latencies, 99), cpu, warmupSeconds);
    }

    private static long counter;

    private static async Task<(int ok, int failed)> LoopAsync(HttpClient http, byte[] image, string fileName, Func<bool> keepGoing, List<double>? latencies, bool unique)
    {
        int ok = 0, failed = 0;
        while (keepGoing())
        {
            using var content = new ByteArrayContent(unique ? Uniquely(image) : image);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var form = new MultipartFormDataContent { { content, "image", fileName } };
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsync("/images", form);
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode)
                {
                    ok++;
                    if (latencies is not null)
                    {
                        lock (latencies)
                        {
                            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                    }
                }
                else
                {
                    failed++;
                }
            }
            catch (HttpRequestException)
            {
                failed++;
            }
        }

        return (ok, failed);
    }

    private static byte[] Uniquely(byte[] image) =>
        image.Length > 33 && (image[0] == 0xFF || image[1] == (byte)'P')
            ? ImgProcess.Tests.TestImages.Stamped(image, $"upload {Interlocked.Increment(ref counter)} {Environment.ProcessId}")
            : image;
}
