using ImgProcess.Bench;

// dotnet run -c Release --project bench/ImgProcess.Bench -- <suite> [options]
//   suite         limit vs end to end (embedded and cluster) for three photos, then one processor vs all nine
//   decode-once   in-process cost per image of all processors, one shared decode vs one decode per processor
//   processors    on one thread, the median cost of the decode, the analysis copy and each processor, per photo
//   history       upload and page-read cost at 0, 100 000 and 1 000 000 history entries (embedded silo, SQLite)
//   scale-out     history appends/s with 1 vs 16 partitions; similarity query p95, memory per hash, restart with 1 vs 16 shards
//   layers        the CPU per upload besides the analysis (header processors only) against all nine, on the small photos
//   memory        peak RSS of a gateway while 16 clients upload 24 MP JPEGs, and while they send bombs
//   amplification small files that claim 7000×7000 (a JPEG whose data ends early, PNGs of a few KB): answers, time, peak RSS
//   formats       a 12 MP HEIC and AVIF: Magick.NET's decode alone against an upload, one at a time and 8 at once, peak RSS
//   deferred      the Delay drill processor (200 ms, deferred) on vs off at 8 connections, then a burst of 5 000 uploads
//   decoders      each format's candidate decoders on the same 12 MP file, one thread
//   vision-models the OCR and embedding models on one thread against ONNX Runtime alone; PP-OCRv4 against Tesseract; the look-alike index at 1 M vectors
//   vision        uploads/s with the vision processors (deferred) on vs off, then a burst of uploads and the deferred queue's drain rate
//   load URL IMAGE [CLIENTS] [SECONDS]   uploads through a running gateway
var suite = args.FirstOrDefault() ?? "decode-once";
var images = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".cache");
var iterations = int.TryParse(Environment.GetEnvironmentVariable("BENCH_ITERATIONS"), out var n) ? n : 20;
var loadClients = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CLIENTS"), out var c) ? c : 8;
var loadSeconds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SECONDS"), out var s) ? s : 20;
var data = Directory.CreateTempSubdirectory("imgprocess-bench-");
File.SetUnixFileMode(data.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
try
{
    switch (suite)
    {
        case "decode-once":
            using (var pipeline = new InProcessPipeline(data.FullName))
            {
                var jpeg = await File.ReadAllBytesAsync(Path.Combine(images, "hubble_deep_field.jpg"));
                Console.WriteLine("| image | mode | per image (median) |");
                Console.WriteLine("| --- | --- | --- |");
                foreach (var line in await DecodeOnceBenchmark.RunAsync(pipeline, jpeg, "hubble_deep_field.jpg 1000x872 JPEG", iterations))
                {
                    Console.WriteLine(line);
                }
            }

            break;
        case "processors":
            using (var pipeline = new InProcessPipeline(data.FullName))
            {
                Console.WriteLine("| image | step | median | share |");
                Console.WriteLine("| --- | --- | --- | --- |");
                foreach (var (label, bytes) in await SuiteBenchmark.PhotosAsync(images))
                {
                    foreach (var line in await ProcessorCostBenchmark.RunAsync(pipeline, bytes, label, iterations))
                    {
                        Console.WriteLine(line);
                    }
                }
            }

            break;
        case "history":
            {
                var sizes = (Environment.GetEnvironmentVariable("BENCH_HISTORY_SIZES") ?? "0,100000,1000000").Split(',').Select(long.Parse).ToArray();
                foreach (var line in await HistoryScaleBenchmark.RunAsync(data.FullName, sizes, uploads: 40, reads: 100))
                {
                    Console.WriteLine(line);
                }
            }

            break;
        case "scale-out":
            {
                var hashes = long.Parse(Environment.GetEnvironmentVariable("BENCH_HASHES") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture);
                foreach (var line in await ScaleOutBenchmark.RunAsync(data.FullName, partitions: 16, shards: 16, hashes))
                {
                    Console.WriteLine(line);
                }
            }

            break;
        case "suite":
            Console.WriteLine($"ImgProcess benchmark suite — {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {loadClients} clients, {loadSeconds} s per run");
            await SuiteBenchmark.RunAsync(images, data.FullName, loadClients, TimeSpan.FromSeconds(loadSeconds), Console.WriteLine);
            break;
        case "layers":
            Console.WriteLine($"ImgProcess layers — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {loadClients} clients, {loadSeconds} s per run");
            await LayersBenchmark.RunAsync(images, data.FullName, loadClients, TimeSpan.FromSeconds(loadSeconds), Console.WriteLine);
            break;
        case "formats":
            Console.WriteLine($"Phone formats — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, an embedded gateway with its defaults, {Math.Min(iterations, 7)} uploads per median");
            foreach (var line in await FormatsBenchmark.RunAsync(data.FullName, Path.Combine(images, "astronaut.png"), Math.Min(iterations, 7)))
            {
                Console.WriteLine(line);
            }

            break;
        case "deferred":
            Console.WriteLine($"Deferred processing — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, embedded gateways, {loadSeconds} s per row");
            foreach (var line in await DeferredBenchmark.RunAsync(images, data.FullName, loadClients, TimeSpan.FromSeconds(loadSeconds), int.TryParse(Environment.GetEnvironmentVariable("BENCH_BURST"), out var b) ? b : 5000))
            {
                Console.WriteLine(line);
            }

            break;
        case "decoders":
            Console.WriteLine($"Decoders side by side — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, one thread, median of {iterations}");
            foreach (var line in await DecodersBenchmark.RunAsync(data.FullName, Path.Combine(images, "astronaut.png"), iterations))
            {
                Console.WriteLine(line);
            }

            break;
        case "vision-models":
            Console.WriteLine($"Vision models — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, one thread, median of {iterations}");
            foreach (var line in VisionModelsBenchmark.Run(iterations))
            {
                Console.WriteLine(line);
            }

            break;
        case "vision":
            Console.WriteLine($"Vision processors in the service — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, embedded gateway");
            foreach (var line in await VisionServiceBenchmark.RunAsync(images, data.FullName, loadClients, TimeSpan.FromSeconds(loadSeconds), burst: int.TryParse(Environment.GetEnvironmentVariable("BENCH_BURST"), out var visionBurst) ? visionBurst : 300))
            {
                Console.WriteLine(line);
            }

            break;
        case "amplification":
            Console.WriteLine($"Decode amplification — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, an embedded gateway with its defaults");
            foreach (var line in await AmplificationBenchmark.RunAsync(data.FullName))
            {
                Console.WriteLine(line);
            }

            break;
        case "memory":
            foreach (var line in await MemoryBenchmark.RunAsync(images, data.FullName, clients: 16, duration: TimeSpan.FromSeconds(30)))
            {
                Console.WriteLine(line);
            }

            break;
        case "load":
            {
                // load URL IMAGE [CLIENTS] [SECONDS]: uploads through a running gateway, measured once its JIT is quiet.
                var url = new Uri(args[1]);
                var metrics = new Uri(url, "/metrics");
                var path = args[2];
                var clients = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 8;
                var seconds = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20;
                var result = await LoadGenerator.RunAsync(url, await File.ReadAllBytesAsync(path), Path.GetFileName(path), clients, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(3),
                    serviceCpuSeconds: () => ServiceMetrics.ScrapeAsync([metrics], ServiceMetrics.CpuSeconds).GetAwaiter().GetResult(),
                    serviceJitSeconds: () => ServiceMetrics.ScrapeAsync([metrics], ServiceMetrics.JitSeconds));
                Console.WriteLine($"{Path.GetFileName(path)} clients={clients}: {result.PerSecond:0.0} uploads/s, p50 {result.P50:0} ms, p95 {result.P95:0} ms, p99 {result.P99:0} ms, ok {result.Ok}, failed {result.Failed}, CPU per upload {result.CpuMsPerUpload:0.0} ms, warm-up {result.WarmupSeconds:0} s");
            }

            break;
        default:
            Console.Error.WriteLine($"unknown suite '{suite}'");
            return 2;
    }
}
finally
{
    data.Delete(recursive: true);
}

return 0;
