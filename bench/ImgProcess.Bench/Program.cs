using ImgProcess.Bench;

// dotnet run -c Release --project bench/ImgProcess.Bench -- <suite> [options]
//   decode-once   in-process cost per image of all processors, one shared decode vs one decode per processor
var suite = args.FirstOrDefault() ?? "decode-once";
var images = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".cache");
var iterations = int.TryParse(Environment.GetEnvironmentVariable("BENCH_ITERATIONS"), out var n) ? n : 20;
var data = Directory.CreateTempSubdirectory("imgprocess-bench-");
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
