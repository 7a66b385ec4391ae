using System.Diagnostics;

namespace ImgProcess.Bench;

/// <summary>In-process cost per image of all processors: one shared decode against one decode per processor.</summary>
internal static class DecodeOnceBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(InProcessPipeline pipeline, byte[] image, string label, int iterations)
    {
        await pipeline.RunDecodeOnceAsync(image);
        await pipeline.RunDecodePerProcessorAsync(image);

        // Interleaved rounds, so drift in the machine's load hits both sides alike.
        var once = new List<double>();
        var each = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            once.Add(await TimeAsync(() => pipeline.RunDecodeOnceAsync(image)));
            each.Add(await TimeAsync(() => pipeline.RunDecodePerProcessorAsync(image)));
        }

        var onceMedian = Statistics.Percentile(once, 50);
        var eachMedian = Statistics.Percentile(each, 50);
        return
        [
            $"| {label} | decode once | {onceMedian:0.0} ms |",
            $"| {label} | decode per processor | {eachMedian:0.0} ms |",
            $"| {label} | ratio once / per processor | {onceMedian / eachMedian:0.00} |",
        ];
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
