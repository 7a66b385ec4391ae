using System.Diagnostics;
using System.Security.Cryptography;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Similarity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImgProcess.Bench;

/// <summary>
/// What partitions and shards buy, in one run on an embedded silo (SQLite): the append throughput of the history alone
/// with 1 partition vs P, and for the similarity index with 1 shard vs S at a given number of hashes: query p95, managed
/// memory per hash, and the time to the first answer after a restart (every shard activating, reading its segments).
/// </summary>
internal static class ScaleOutBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string dataDirectory, int partitions, int shards, long hashes)
    {
        var lines = new List<string>
        {
            "| history partitions | appends | concurrent appenders | appends/s | ratio |",
            "| --- | --- | --- | --- | --- |",
        };
        double? baseline = null;
        // On SQLite every partition's writes share one writer; on PostgreSQL (BENCH_POSTGRES) they run side by side.
        var postgres = Environment.GetEnvironmentVariable("BENCH_POSTGRES");
        foreach (var store in postgres is null ? ["SQLite"] : new[] { "SQLite", "PostgreSQL" })
        {
            baseline = null;
            foreach (var p in new[] { 1, partitions })
            {
                var rate = await AppendRateAsync(Path.Combine(dataDirectory, $"history-{store}-{p}"), p, appends: 20_000, appenders: 64, store == "PostgreSQL" ? postgres : null);
                baseline ??= rate;
                lines.Add($"| {p} ({store}) | 20 000 | 64 | {rate:0} | {rate / baseline:0.00} |");
            }
        }

        lines.Add("");
        lines.Add("| similarity shards | hashes | query p95 | managed bytes per hash | first answer after restart |");
        lines.Add("| --- | --- | --- | --- | --- |");
        foreach (var s in new[] { 1, shards })
        {
            var (p95, bytesPerHash, firstAnswer) = await SimilarityAsync(Path.Combine(dataDirectory, $"similarity-{s}"), s, hashes);
            lines.Add($"| {s} | {hashes:N0} | {p95:0.00} ms | {bytesPerHash:0} B | {firstAnswer.TotalSeconds:0.00} s |");
        }

        return lines;
    }

    private static async Task<double> AppendRateAsync(string directory, int partitions, int appends, int appenders, string? postgres)
    {
        using var host = await StartAsync(directory, partitions, 1, postgres);
        var history = host.Services.GetRequiredService<HistoryReader>();
        for (var p = 0; p < partitions; p++)
        {
            await history.Partition(p).Add(new HistoryEntry($"warm{p}", "w.png", "w", DateTimeOffset.UnixEpoch));
        }

        var next = 0;
        var timer = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i <= appends; i = Interlocked.Increment(ref next))
            {
                var id = i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
                await history.Partition(HistoryLayout.PartitionOf(id, partitions)).Add(new HistoryEntry(id, $"{id}.jpg", "a.jpg", DateTimeOffset.UtcNow));
            }
        }));
        var rate = appends / timer.Elapsed.TotalSeconds;
        await host.StopAsync();
        return rate;
    }

    private static async Task<(double P95, double BytesPerHash, TimeSpan FirstAnswer)> SimilarityAsync(string directory, int shards, long count)
    {
        double p95, bytesPerHash;
        var probe = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        using (var host = await StartAsync(directory, 1, shards))
        {
            var index = host.Services.GetRequiredService<SimilarityIndex>();
            await index.CountAsync();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            for (long next = 0; next < count; next += 8192)
            {
                var batch = Enumerable.Range(0, (int)Math.Min(8192, count - next))
                    .Select(i => new HashIndexEntry(Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(next + i))), BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8))))
                    .ToList();
                await index.AddAsync(batch);
            }

            bytesPerHash = (GC.GetTotalMemory(forceFullCollection: true) - before) / (double)count;
            var times = new List<double>();
            for (var i = 0; i < 120; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await index.FindNearAsync(probe ^ (ulong)i, 10, 20);
                if (i >= 20)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            p95 = Statistics.Percentile(times, 95);
            await host.StopAsync();
        }

        using var restarted = await StartAsync(directory, 1, shards);
        var timer = Stopwatch.StartNew();
        await restarted.Services.GetRequiredService<SimilarityIndex>().FindNearAsync(probe, 10, 20);
        var firstAnswer = timer.Elapsed;
        await restarted.StopAsync();
        return (p95, bytesPerHash, firstAnswer);
    }

    private static async Task<IHost> StartAsync(string directory, int partitions, int shards, string? postgres = null)
    {
        Directory.CreateDirectory(directory);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImgProcess:Storage:DataDirectory"] = directory,
            ["ImgProcess:Cluster:SiloPort"] = "21121",
            ["ImgProcess:Cluster:GatewayPort"] = "21122",
            ["ImgProcess:History:Partitions"] = partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImgProcess:Similarity:Shards"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (postgres is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ImgProcess:Storage:Provider"] = "PostgreSql",
                ["ImgProcess:Storage:ConnectionString"] = postgres,
                ["ImgProcess:Cluster:ClusterId"] = $"bench-{Guid.NewGuid():N}",
                ["ImgProcess:Cluster:ServiceId"] = $"bench-{Guid.NewGuid():N}",
            });
        }

        builder.UseOrleans(silo => silo.UseImgProcessClustering(builder.Configuration).AddImgProcess(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
