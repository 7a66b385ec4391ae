namespace ImgProcess.Bench;

/// <summary>
/// What the service costs besides the analysis, on the small photographs where the CPU ratio is low: an embedded
/// gateway with all nine processors, and the same with only the processors that read the header (format and
/// dimensions, EXIF: no pixel is decoded), whose CPU per upload is the layers' — HTTP, the checks and SHA-256, the
/// durable blob and state writes, the grain calls. With the in-process limit's CPU per image, that bounds the CPU ratio
/// any cut of the analysis could reach while the layers stay as they are: limit / (limit + layers).
/// </summary>
internal static class LayersBenchmark
{
    private static readonly string[] PixelProcessors =
        ["Average Pixel Value", "Histogram", "Dominant Colours", "Perceptual Hash", "Sharpness", "Thumbnail", "Placeholder"];

    public static async Task RunAsync(string images, string data, int clients, TimeSpan duration, Action<string> lines)
    {
        var photos = (await SuiteBenchmark.PhotosAsync(images)).Take(2).ToList();
        var limits = new Dictionary<string, SuiteBenchmark.Limit>();
        using (var pipeline = new InProcessPipeline(Path.Combine(data, "limit")))
        {
            foreach (var (label, bytes) in photos)
            {
                limits[label] = await SuiteBenchmark.LimitAsync(pipeline, bytes, duration / 2);
            }
        }

        lines($"| image | limit: analysis CPU per image | all nine: uploads/s | all nine: CPU per upload | CPU ratio | header processors only: uploads/s | the layers: CPU per upload | CPU ratio at most (limit / (limit + layers)) |");
        lines("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (label, bytes) in photos)
        {
            var all = await RunGatewayAsync(Path.Combine(data, $"all-{SuiteBenchmark.Name(label)}"), null, bytes, label, clients, duration);
            var layers = await RunGatewayAsync(Path.Combine(data, $"header-{SuiteBenchmark.Name(label)}"), SuiteBenchmark.Disable(PixelProcessors), bytes, label, clients, duration);
            var limit = limits[label].CpuMs;
            lines($"| {label} | {limit:0.0} ms | {all.PerSecond:0.0} | {all.CpuMsPerUpload:0.0} ms | {limit / all.CpuMsPerUpload:0.00} | {layers.PerSecond:0.0} | {layers.CpuMsPerUpload:0.0} ms | {limit / (limit + layers.CpuMsPerUpload):0.00} |");
        }
    }

    private static async Task<LoadGenerator.Result> RunGatewayAsync(string directory, Dictionary<string, string>? settings, byte[] bytes, string label, int clients, TimeSpan duration)
    {
        using var gateway = await GatewayUnderTest.StartAsync(directory, settings);
        return await LoadGenerator.RunAsync(gateway.BaseAddress, bytes, SuiteBenchmark.Name(label), clients, duration, TimeSpan.FromSeconds(20), serviceCpuSeconds: gateway.CpuSeconds, serviceJitSeconds: gateway.JitSecondsAsync);
    }
}
