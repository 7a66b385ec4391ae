using System.Diagnostics;
using System.Globalization;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Vision;
using ImgProcess.Grains.Vision.Ocr;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Bench;

/// <summary>
/// The vision models on one thread (issue 32): for each model, the processor's whole work per image (preparing the
/// input, the runs, reading the output) against ONNX Runtime's own time for the same inputs (the limit); the OCR's
/// character accuracy and CPU per image against Tesseract's on the same pictures (those the tests read); the look-alike
/// index's memory per vector and scan time at a million vectors.
/// </summary>
internal static class VisionModelsBenchmark
{
    public static IReadOnlyList<string> Run(int iterations)
    {
        var options = Options.Create(new ModelOptions { InferenceThreads = 1 });
        using var ocr = new OcrModels(options);
        using var resnet = new ResNetModels(options);
        if ((ocr.Missing ?? resnet.Missing) is { } missing)
        {
            return [$"models missing: {missing}"];
        }

        var lines = new List<string>();
        var pictures = TextPictures.All();
        var images = pictures.Select(p => Image.Load<Rgba32>(p.Png)).ToList();
        var photos = LookAlikePhotos.Set.Select(name => Analysis(Image.Load<Rgba32>(LookAlikePhotos.Original(name)))).ToList();
        try
        {
            // Each image: the whole processor's work and ONNX Runtime alone on the inputs it made, alternately, in CPU time.
            var (ours, runtime) = Pairs(images.Select(image => Medians(iterations, () => PageReader.Read(ocr, image, hasAlpha: false), OcrRunsOnly(ocr, image))));
            var (embed, embedRuntime) = Pairs(photos.Select(photo => Medians(iterations, () => resnet.Embed(photo, hasAlpha: false), RunOnly(resnet.Network.Session, resnet.Input(photo, hasAlpha: false)))));
            lines.Add("| model (one thread) | images | processor: CPU per image (median of each, mean over images) | ONNX Runtime alone | ratio runtime / processor (goal ≥ 0.85) |");
            lines.Add("| --- | --- | --- | --- | --- |");
            lines.Add($"| PP-OCRv4 detection + recognition (Text) | {images.Count} text pictures | {ours.Average():0.0} ms | {runtime.Average():0.0} ms | {runtime.Sum() / ours.Sum():0.00} |");
            lines.Add($"| ResNet18 (Visual Embedding) | {photos.Count} photographs | {embed.Average():0.0} ms | {embedRuntime.Average():0.0} ms | {embedRuntime.Sum() / embed.Sum():0.00} |");
            lines.Add("");

            // PP-OCRv4 against Tesseract, same pictures.
            lines.Add("| picture | PP-OCRv4: accuracy | PP-OCRv4: CPU | Tesseract 5 (eng, one thread): accuracy | Tesseract: CPU |");
            lines.Add("| --- | --- | --- | --- | --- |");
            long ourErrors = 0, tesseractErrors = 0, characters = 0;
            double tesseractCpu = 0;
            using var temp = new TempFiles();
            for (var i = 0; i < pictures.Count; i++)
            {
                var read = TextPictures.Collapse(string.Join(' ', PageReader.Read(ocr, images[i], hasAlpha: false).Select(l => l.Text)));
                var (tesseract, cpu) = Tesseract(temp.Write(pictures[i].Png));
                var expected = pictures[i].Text;
                var (ourDistance, theirDistance) = (TextPictures.EditDistance(expected, read), TextPictures.EditDistance(expected, tesseract));
                (ourErrors, tesseractErrors, characters, tesseractCpu) = (ourErrors + ourDistance, tesseractErrors + theirDistance, characters + expected.Length, tesseractCpu + cpu);
                lines.Add($"| {pictures[i].Name} | {Percent(1 - ((double)ourDistance / expected.Length))} | {ours[i]:0} ms | {Percent(1 - ((double)theirDistance / expected.Length))} | {cpu:0} ms |");
            }

            lines.Add($"| **all {pictures.Count}** | **{Percent(1 - ((double)ourErrors / characters))}** | **{ours.Average():0} ms** | **{Percent(1 - ((double)tesseractErrors / characters))}** | **{tesseractCpu / pictures.Count:0} ms** |");
            lines.Add("");
            lines.AddRange(IndexAtScale());
        }
        finally
        {
            images.ForEach(i => i.Dispose());
            photos.ForEach(p => p.Dispose());
        }

        return lines;
    }

    // What the service hands the embedding: the analysis copy, longest side 512.
    private static Image<Rgba32> Analysis(Image<Rgba32> image)
    {
        var scale = Math.Min(1.0, 512.0 / Math.Max(image.Width, image.Height));
        image.Mutate(c => c.Resize((int)Math.Round(image.Width * scale), (int)Math.Round(image.Height * scale)));
        return image;
    }

    // The detector's and recogniser's runs alone, on the inputs a read of the image prepares.
    private static Action OcrRunsOnly(OcrModels ocr, Image<Rgba32> image)
    {
        var (detection, _, _) = TextDetector.Input(image, hasAlpha: false);
        var pixels = new PixelBuffer(image, hasAlpha: false);
        var lines = TextDetector.Detect(ocr.Detection.Session, image, hasAlpha: false)
            .Select(region => LineRecognizer.Input(pixels, region.Quad)).OfType<DenseTensor<float>>().ToList();
        var runs = new List<Action> { RunOnly(ocr.Detection.Session, detection) };
        runs.AddRange(lines.Select(line => RunOnly(ocr.Recognition.Session, line)));
        return () => runs.ForEach(run => run());
    }

    private static Action RunOnly(InferenceSession session, DenseTensor<float> input)
    {
        var name = session.InputMetadata.Keys.First();
        return () =>
        {
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, input)]);
        };
    }

    private static double Median(int iterations, Action work)
    {
        work();
        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            work();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Statistics.Percentile(times, 50);
    }

    // The medians of the CPU time (this process's, user + system: the models compute on the calling thread with one
    // intra-op thread) of two pieces of work run alternately, so a noisy neighbour weighs on both alike.
    private static (double First, double Second) Medians(int iterations, Action first, Action second)
    {
        first();
        second();
        var (a, b) = (new List<double>(), new List<double>());
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < iterations; i++)
        {
            foreach (var (work, times) in new[] { (first, a), (second, b) })
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                work();
                process.Refresh();
                times.Add((process.TotalProcessorTime - before).TotalMilliseconds);
            }
        }

        return (Statistics.Percentile(a, 50), Statistics.Percentile(b, 50));
    }

    private static (List<double> First, List<double> Second) Pairs(IEnumerable<(double First, double Second)> pairs)
    {
        var all = pairs.ToList();
        return ([.. all.Select(p => p.First)], [.. all.Select(p => p.Second)]);
    }

    // Tesseract's text and the CPU it took (its own and its children's, counted when waited for), one thread.
    private static (string Text, double CpuMs) Tesseract(string path)
    {
        var before = ChildrenCpuMs();
        var start = new ProcessStartInfo("tesseract") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { path, "stdout", "-l", "eng" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (TextPictures.Collapse(text), ChildrenCpuMs() - before);
    }

    // cutime + cstime of this process: the CPU of the children it has waited for, in clock ticks (100 a second).
    private static double ChildrenCpuMs()
    {
        var fields = File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    // A million 512-dimension unit vectors in one shard's memory: bytes per vector and one exact scan.
    private static IEnumerable<string> IndexAtScale()
    {
        const int count = 1_000_000;
        var random = new Random(11);
        var vectors = new PackedVectors();
        var vector = new float[512];
        LookIndexEntry? query = null;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            var norm = 0f;
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] = (float)random.NextDouble();
                norm += vector[d] * vector[d];
            }

            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] /= MathF.Sqrt(norm);
            }

            var entry = LookIndexEntry.Of(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))), vector);
            query ??= entry;
            vectors.Put(entry);
        }

        var managed = GC.GetTotalMemory(forceFullCollection: true) - before;
        var scan = Median(5, () => vectors.FindLike(query!, 20));
        return
        [
            "| look-alike index | vectors | bytes per vector (arrays / managed heap) | one exact scan, top 20, one thread | 16 shards of 62 500 on 2 cores |",
            "| --- | --- | --- | --- | --- |",
            $"| 512 dimensions, int8 | {count:N0} | {vectors.Bytes / (double)count:0} / {managed / (double)count:0} | {scan:0} ms | about {scan / 2:0} ms (each core scans 8 shards) |",
        ];
    }

    private sealed class TempFiles : IDisposable
    {
        private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("imgprocess-ocr-");
        private int next;

        public string Write(byte[] bytes)
        {
            var path = Path.Combine(directory.FullName, $"{next++}.png");
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose() => directory.Delete(recursive: true);
    }
}
