using System.Diagnostics;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace ImgProcess.Bench;

/// <summary>
/// Where the in-process limit goes: on one thread, the median time of the decode, of the analysis copy and of each
/// processor on an already decoded image. Says which step to make faster first.
/// </summary>
internal static class ProcessorCostBenchmark
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<string>> RunAsync(InProcessPipeline pipeline, byte[] image, string label, int iterations)
    {
        var header = pipeline.Decoding.Identify(image, ImageFormatSniffer.Detect(image)!);
        var source = InProcessPipeline.Reference(image, header);
        var steps = new List<(string Step, List<double> Times)>
        {
            ("identify (header)", []),
            ("decode", []),
            ("analysis copy", []),
        };
        steps.AddRange(pipeline.Processors.Select(p => (p.Name, new List<double>())));

        // The same decode by ImageSharp alone in the same loop: what libjpeg-turbo and Skia save, in the same minute.
        var imageSharpOnly = new ImageDecoding(Options.Create(pipeline.Limits), Options.Create(new ProcessingOptions { JpegLibrary = JpegLibrary.ImageSharp, PngLibrary = PngLibrary.ImageSharp }));
        var imageSharpTimes = new List<double>();

        // Warmed by time, not by count: the JIT's tiering and PGO need a few seconds before a loop runs at its final speed.
        var warmup = Stopwatch.StartNew();
        var recorded = 0;
        while (recorded < iterations)
        {
            var record = warmup.Elapsed > Warmup;
            recorded += record ? 1 : 0;
            var times = new List<double>
            {
                Time(() => pipeline.Decoding.Identify(image, header.Format)),
            };
            var started = Stopwatch.GetTimestamp();
            using var decoded = new DecodedImage(pipeline.Decoding.Decode(image), pipeline.AnalysisMaxSide);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            times.Add(Time(() => _ = decoded.Analysis));
            var input = new ImageInput(source, header, decoded);
            foreach (var processor in pipeline.Processors)
            {
                started = Stopwatch.GetTimestamp();
                await processor.ProcessAsync(input, CancellationToken.None);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var reference = Time(() => imageSharpOnly.Decode(image).Dispose());
            if (record)
            {
                for (var s = 0; s < steps.Count; s++)
                {
                    steps[s].Times.Add(times[s]);
                }

                imageSharpTimes.Add(reference);
            }
        }

        var total = steps.Sum(s => Statistics.Percentile(s.Times, 50));
        return [.. steps.Select(s => $"| {label} | {s.Step} | {Statistics.Percentile(s.Times, 50):0.00} ms | {Statistics.Percentile(s.Times, 50) / total:P0} |"),
            $"| {label} | sum | {total:0.00} ms | 100 % |",
            $"| {label} | (decode by ImageSharp alone, for comparison) | {Statistics.Percentile(imageSharpTimes, 50):0.00} ms | |"];
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
