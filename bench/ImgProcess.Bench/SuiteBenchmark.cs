using System.Diagnostics;
using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Bench;

/// <summary>
/// The whole speed picture in one run: the in-process limit (all processors, all cores, no HTTP/Orleans/storage),
/// end to end through the gateway in embedded and cluster mode, their ratio, and one processor against all nine.
/// The comparison with the Flask service runs it side by side (bench/flask-side-by-side.sh), never against a constant.
/// </summary>
internal static class SuiteBenchmark
{
    // A fresh process spends its first tens of seconds under load in the JIT (tiering): every run warms up for at least
    // this long and then until the service's JIT is quiet (JitQuiet), and measures the steady state.
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(20);

    private static readonly string[] AllButAverage =
        ["Format and Dimensions", "EXIF", "Histogram", "Dominant Colours", "Perceptual Hash", "Sharpness", "Thumbnail", "Placeholder"];

    /// <summary>The three photographs every speed figure uses.</summary>
    public static async Task<(string Label, byte[] Bytes)[]> PhotosAsync(string images) =>
    [
        ("hubble_deep_field.jpg 1000×872 JPEG (0.87 MP)", await File.ReadAllBytesAsync(Path.Combine(images, "hubble_deep_field.jpg"))),
        ("astronaut.png 512×512 PNG (0.26 MP)", await File.ReadAllBytesAsync(Path.Combine(images, "astronaut.png"))),
        ("wood-d 4096×4096 JPEG (16.8 MP)", await JpegFromAsync(Path.Combine(images, "wood-d.webp"))),
    ];

    public static async Task RunAsync(string images, string data, int clients, TimeSpan duration, Action<string> lines)
    {
        var photos = await PhotosAsync(images);

        lines("| image | mode | uploads/s | p50 | p95 | p99 | ratio to limit | CPU per upload | CPU ratio | peak RSS | warm-up |");
        lines("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

        var limits = new Dictionary<string, Limit>();
        using (var pipeline = new InProcessPipeline(Path.Combine(data, "limit")))
        {
            foreach (var (label, bytes) in photos)
            {
                var limit = limits[label] = await LimitAsync(pipeline, bytes, duration / 2);
                lines($"| {label} | limit: in-process, {Environment.ProcessorCount} threads | {limit.PerSecond:0.0} | | | | 1.00 | {limit.CpuMs:0.0} ms | 1.00 | {ProcessStats.PeakResidentMiB(Environment.ProcessId):0} MiB (bench process) | {limit.WarmupSeconds:0} s |");
            }
        }

        foreach (var (label, bytes) in photos)
        {
            using var gateway = await GatewayUnderTest.StartAsync(Path.Combine(data, $"embedded-{limits.Count}-{label.GetHashCode(StringComparison.Ordinal):x}"));
            var result = await LoadGenerator.RunAsync(gateway.BaseAddress, bytes, Name(label), clients, duration, Warmup, serviceCpuSeconds: gateway.CpuSeconds, serviceJitSeconds: gateway.JitSecondsAsync);
            lines(Row(label, $"embedded, {clients} clients", result, limits[label], $"{gateway.PeakResidentMiB():0} MiB"));
        }

        var cluster = await ClusterUnderTest.StartAsync(Path.Combine(data, "cluster"), silos: 2);
        try
        {
            foreach (var (label, bytes) in photos)
            {
                var result = await LoadGenerator.RunAsync(cluster.BaseAddress, bytes, Name(label), clients, duration, Warmup, serviceCpuSeconds: cluster.CpuSeconds, serviceJitSeconds: cluster.JitSecondsAsync);
                lines(Row(label, $"cluster: 2 silos + client gateway + PostgreSQL, {clients} clients", result, limits[label], $"{cluster.PeakResidentMiB():0} MiB (all processes)"));
            }
        }
        finally
        {
            await cluster.StopAsync();
        }

        lines("");
        // What the layers cost when the analysis is small: the same JPEG with one processor and with all nine.
        lines("| hubble_deep_field.jpg, embedded, 8 clients | uploads/s | p50 | CPU per upload | peak RSS | warm-up |");
        lines("| --- | --- | --- | --- | --- | --- |");
        var hubble = photos[0].Bytes;
        foreach (var (directory, mode, settings) in new[] { ("one", "Average Pixel Value only", Disable(AllButAverage)), ("all", "all nine processors", null) })
        {
            using var gateway = await GatewayUnderTest.StartAsync(Path.Combine(data, directory), settings);
            var result = await LoadGenerator.RunAsync(gateway.BaseAddress, hubble, "hubble.jpg", clients, duration, Warmup, serviceCpuSeconds: gateway.CpuSeconds, serviceJitSeconds: gateway.JitSecondsAsync);
            lines($"| {mode} | {result.PerSecond:0.0} | {result.P50:0} ms | {result.CpuMsPerUpload:0.0} ms | {gateway.PeakResidentMiB():0} MiB | {result.WarmupSeconds:0} s |");
        }
    }

    // CPU ratio: the limit's CPU per image over the service's CPU per upload, the share of the service's CPU that is
    // the analysis itself. Steadier than the throughput ratio, which also moves with the machine's load between runs.
    private static string Row(string label, string mode, LoadGenerator.Result result, Limit limit, string memory) =>
        $"| {label} | {mode} | {result.PerSecond:0.0} | {result.P50:0} ms | {result.P95:0} ms | {result.P99:0} ms | {result.PerSecond / limit.PerSecond:0.00} | {result.CpuMsPerUpload:0.0} ms | {limit.CpuMs / result.CpuMsPerUpload:0.00} | {memory} | {result.WarmupSeconds:0} s |";

    internal sealed record Limit(double PerSecond, double CpuMs, double WarmupSeconds);

    internal static string Name(string label) => label.Split(' ')[0];

    internal static Dictionary<string, string> Disable(string[] names) =>
        names.Select((name, i) => (name, i)).ToDictionary(p => $"ImgProcess__Processing__Disabled__{p.i}", p => p.name);

    // Every core runs the processors on its own copy of the image, back to back, for the given time.
    internal static async Task<Limit> LimitAsync(InProcessPipeline pipeline, byte[] image, TimeSpan duration)
    {
        var warmupSeconds = await JitQuiet.WarmUpAsync(
            keepGoing => Task.Run(async () =>
            {
                while (keepGoing())
                {
                    await pipeline.RunDecodeOnceAsync(image);
                }
            }),
            JitQuiet.SelfAsync,
            TimeSpan.FromSeconds(5));
        var done = 0;
        var cpuAtStart = ProcessStats.CpuSeconds(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await pipeline.RunDecodeOnceAsync(image);
                Interlocked.Increment(ref done);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return new Limit(done / seconds, (ProcessStats.CpuSeconds(Environment.ProcessId) - cpuAtStart) * 1000 / done, warmupSeconds);
    }

    private static async Task<byte[]> JpegFromAsync(string source)
    {
        using var image = await Image.LoadAsync<Rgb24>(source);
        using var stream = new MemoryStream();
        await image.SaveAsJpegAsync(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }
}
