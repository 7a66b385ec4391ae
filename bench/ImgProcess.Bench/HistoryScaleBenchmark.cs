using System.Diagnostics;
using System.Security.Cryptography;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Bench;

/// <summary>
/// Does the cost of an upload and of reading a page stay flat as the history grows? An embedded silo on SQLite
/// (the default deployment); the history and the perceptual-hash index are seeded through grains in bulk
/// (AddRange), then real uploads and page reads are timed at each size.
/// </summary>
internal static class HistoryScaleBenchmark
{
    private const int PageSize = 20;

    public static async Task<IReadOnlyList<string>> RunAsync(string dataDirectory, long[] sizes, int uploads, int reads)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImgProcess:Storage:DataDirectory"] = dataDirectory,
            ["ImgProcess:Cluster:SiloPort"] = "21111",
            ["ImgProcess:Cluster:GatewayPort"] = "21112",
        });
        builder.UseOrleans(silo => silo.UseImgProcessClustering(builder.Configuration).AddImgProcess(builder.Configuration));
        using var host = builder.Build();
        await host.StartAsync();

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var intake = host.Services.GetRequiredService<ImageIntake>();
        var history = host.Services.GetRequiredService<HistoryReader>();
        var index = host.Services.GetRequiredService<SimilarityIndex>();
        var lines = new List<string>
        {
            "| history entries | upload p50 | ratio | page 1 read p95 | ratio | deep page read p95 | ratio | similar scan p95 | ratio |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        };

        // Warm up first (JIT tiering, SQLite page cache): the first size would otherwise carry the start-up costs.
        var seed = 0;
        for (var i = 0; i < 250; i++)
        {
            await intake.AcceptAsync(SmallPhoto(seed++), "warmup.png");
            await history.GetNewestAsync(0, PageSize);
        }

        long seeded = (await history.GetNewestAsync(0, 1)).Total;
        (double upload, double page, double deep, double similar)? baseline = null;
        foreach (var size in sizes)
        {
            var seedTimer = Stopwatch.StartNew();
            if (size > seeded)
            {
                await SeedAsync(history, index, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HistoryOptions>>().Value.Partitions, seeded, size);
                seeded = size;
            }

            Console.Error.WriteLine($"seeded to {seeded} in {seedTimer.Elapsed.TotalSeconds:0} s");

            var uploadTimes = new List<double>();
            for (var i = 0; i < uploads + 10; i++)
            {
                var bytes = SmallPhoto(seed++);
                var started = Stopwatch.GetTimestamp();
                var result = await intake.AcceptAsync(bytes, "bench.png");
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.Record is null)
                {
                    throw new InvalidOperationException(result.Rejection!.Details);
                }

                if (i >= 10)
                {
                    uploadTimes.Add(elapsed);
                }
            }

            var pageTimes = await TimeAsync(reads, async () =>
            {
                var slice = await history.GetNewestAsync(0, PageSize);
                await Task.WhenAll(slice.Entries.Select(e => grains.GetGrain<IImageGrain>(e.ImageId).GetRecord()));
            });
            var deepTimes = await TimeAsync(reads, () => history.GetNewestAsync(Math.Max(0, (size / 2) - PageSize), PageSize));
            var probe = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
            var similarTimes = await TimeAsync(reads, () => index.FindNearAsync(probe, 10, 20));

            var now = (Statistics.Percentile(uploadTimes, 50), Statistics.Percentile(pageTimes, 95), Statistics.Percentile(deepTimes, 95), Statistics.Percentile(similarTimes, 95));
            baseline ??= now;
            var b = baseline.Value;
            lines.Add($"| {seeded:N0} | {now.Item1:0.0} ms | {now.Item1 / b.upload:0.00} | {now.Item2:0.00} ms | {now.Item2 / b.page:0.00} | {now.Item3:0.00} ms | {now.Item3 / b.deep:0.00} | {now.Item4:0.00} ms | {Ratio(now.Item4, b.similar)} |");
        }

        await host.StopAsync();
        return lines;
    }

    // A scan over almost nothing has no meaningful ratio; the absolute time is what matters there.
    private static string Ratio(double value, double baseline) => baseline < 0.05 ? "—" : (value / baseline).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<double>> TimeAsync(int count, Func<Task> action)
    {
        for (var i = 0; i < 20; i++)
        {
            await action();
        }

        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static async Task SeedAsync(HistoryReader history, SimilarityIndex index, int partitions, long from, long to)
    {
        const int Batch = 8192;
        for (var next = from; next < to; next += Batch)
        {
            var count = (int)Math.Min(Batch, to - next);
            var entries = new List<HistoryEntry>(count);
            var hashes = new List<HashIndexEntry>(count);
            for (var i = 0; i < count; i++)
            {
                var id = (next + i).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
                entries.Add(new HistoryEntry(id, $"{id}.jpg", "seeded.jpg", DateTimeOffset.UnixEpoch.AddSeconds(next + i)));
                hashes.Add(new HashIndexEntry(Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(next + i))), BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8))));
            }

            await Task.WhenAll(entries.GroupBy(e => HistoryLayout.PartitionOf(e.ImageId, partitions)).Select(g => history.Partition(g.Key).AddRange(g.ToList())));
            await index.AddAsync(hashes);
        }
    }

    private static byte[] SmallPhoto(int seed)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(64, 48);
        for (var y = 0; y < 48; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                image[x, y] = new Rgb24((byte)((x * 4) + random.Next(8)), (byte)((y * 5) + random.Next(8)), (byte)random.Next(256));
            }
        }

        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
