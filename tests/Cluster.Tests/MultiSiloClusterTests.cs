using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using Npgsql;
using Xunit.Abstractions;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// Three real silo processes and a client-mode gateway on one real PostgreSQL (storage, blobs, membership), on loopback.
/// </summary>
[Collection(RealClusterCollection.Name)]
public sealed class MultiSiloClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SiloCount = 3;
    private RealCluster? cluster;
    private string connectionString = "";

    private List<ServiceProcess> Silos => cluster!.Silos;

    private List<int> SiloPorts => cluster!.SiloPorts;

    private ServiceProcess Gateway => cluster!.Gateway;

    public async Task InitializeAsync()
    {
        // All three start at the same moment on an empty database: each applies the schema at start-up under the lock.
        connectionString = await PostgresServer.CreateDatabaseAsync();
        cluster = await RealCluster.StartAsync(connectionString, SiloCount, new Dictionary<string, string>
        {
            // Faster failure detection than production defaults, so the test observes a death in seconds.
            ["ImgProcess__Cluster__Membership__ProbeTimeout"] = "00:00:02",
            ["ImgProcess__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["ImgProcess__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    private Task<List<(int Port, int Status)>> MembershipAsync() => cluster!.MembershipAsync();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (PostgresException)
            {
                // The schema may not exist yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"waited {timeout} for {what}");
    }

    private sealed record Acknowledged(string Image, string Url, double Average, string ProcessedOn, TimeSpan At);

    [Fact]
    public async Task Killing_a_silo_loses_no_acknowledged_upload_and_uploads_recover_within_30_seconds()
    {
        using var client = Gateway.CreateClient();
        var photo = TestImages.LandscapeJpeg(640, 480, seed: 11);
        var acknowledged = new List<Acknowledged>();
        var failures = new List<(TimeSpan At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null;
        var uploadNumber = 0;
        var sent = new Dictionary<string, byte[]>();

        async Task UploadOnceAsync()
        {
            var at = clock.Elapsed;
            try
            {
                // Each upload its own bytes: identical bytes would be answered from the first one's stored results.
                var bytes = TestImages.Stamped(photo, $"upload {Interlocked.Increment(ref uploadNumber)}");
                var response = await client.PostAsync("/images", MultipartBodies.Image(bytes, "cluster.jpg"));
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"unexpected {response.StatusCode}: {body}");
                    lock (failures) { failures.Add((at, response.StatusCode)); }
                    return;
                }

                lock (acknowledged)
                {
                    sent[body["image"]!.GetValue<string>()] = bytes;
                    acknowledged.Add(new Acknowledged(
                        body["image"]!.GetValue<string>(),
                        body["image_url"]!.GetValue<string>(),
                        body["result"]!["Average Pixel Value"]!.GetValue<double>(),
                        body["processed_on"]!.GetValue<string>(),
                        at));
                }
            }
            catch (HttpRequestException)
            {
                lock (failures) { failures.Add((at, 0)); }
            }
        }

        // Two clients upload without pause; after 20 uploads one silo is killed (SIGKILL) mid-stream.
        async Task ClientLoopAsync()
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                await UploadOnceAsync();
                if (killedAt is { } k && clock.Elapsed > k + TimeSpan.FromSeconds(30))
                {
                    return;
                }
            }
        }

        var loops = new List<Task> { ClientLoopAsync(), ClientLoopAsync() };
        await WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 20), TimeSpan.FromSeconds(60), "20 uploads before the kill");
        var victim = Silos[0];
        victim.Kill();
        killedAt = clock.Elapsed;

        // A request the gateway sent through the killed silo waits for Orleans' client response timeout (30 s): a client,
        // unlike a silo, does not break its outstanding requests when a silo dies. Both loops above can be stuck in such
        // a request, so a third client starts with the kill to measure what the claim is about: new uploads.
        loops.Add(ClientLoopAsync());
        var declaredDead = Task.Run(async () =>
        {
            await WaitUntilAsync(async () => (await MembershipAsync()).Any(m => m.Port == SiloPorts[0] && m.Status == 6), TimeSpan.FromSeconds(90), "the killed silo declared dead");
            return clock.Elapsed - killedAt.Value;
        });
        await Task.WhenAll(loops);

        var kill = killedAt.Value;
        var afterKill = acknowledged.Where(a => a.At > kill).OrderBy(a => a.At).ToList();
        var firstAfterKill = afterKill.FirstOrDefault()?.At - kill;
        var lastFailure = failures.Count == 0 ? (TimeSpan?)null : failures.Max(f => f.At) - kill;
        output.WriteLine($"acknowledged {acknowledged.Count} ({afterKill.Count} after the kill), failed {failures.Count}; " +
                         $"first 200 after the kill at +{firstAfterKill?.TotalSeconds:0.0} s, last failure at +{lastFailure?.TotalSeconds:0.0} s");

        // New uploads succeed within 30 s of the kill, and keep succeeding.
        Assert.NotEmpty(afterKill);
        Assert.True(lastFailure is null || lastFailure < TimeSpan.FromSeconds(30), $"a failure {lastFailure} after the kill");

        // Work spread: processors ran on more than one silo, each upload's processors on one silo.
        var processingSilos = acknowledged.Select(a => a.ProcessedOn).Distinct().ToList();
        output.WriteLine($"processed on: {string.Join(" ", processingSilos.Select(s => $"{s} x{acknowledged.Count(a => a.ProcessedOn == s)}"))}");
        Assert.True(processingSilos.Count >= 2, "processor work ran on a single silo");
        Assert.All(acknowledged, a => Assert.DoesNotContain(",", a.ProcessedOn, StringComparison.Ordinal));

        // Every acknowledged upload is listed with the same result, and its bytes are served.
        // Page by the history's total (UploadLoad.VerifyNothingLostAsync also checks that pages are full).
        var listed = new Dictionary<string, JsonNode>();
        long total = 1;
        for (var page = 1; (page - 1) * 100L < total; page++)
        {
            var response = await client.GetAsync($"/images?page={page}&count=100");
            total = long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
            foreach (var item in JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray())
            {
                listed[item!["image_name"]!.GetValue<string>()] = item;
            }
        }

        var lost = acknowledged.Where(a => !listed.ContainsKey(a.Image)).ToList();
        Assert.Empty(lost);
        Assert.All(acknowledged, a => Assert.Equal(a.Average, listed[a.Image]["results"]!["Average Pixel Value"]!.GetValue<double>()));
        foreach (var sample in acknowledged.Take(5).Concat(acknowledged.TakeLast(5)))
        {
            Assert.Equal(sent[sample.Image], await client.GetByteArrayAsync(sample.Url));
        }

        // The killed silo is declared dead (status 6) in the membership table.
        output.WriteLine($"declared dead in the membership table {(await declaredDead).TotalSeconds:0.0} s after the kill");

        // The survivors' probes say ready, and their metrics show the processor runs they did.
        var survivors = Silos.Where(s => !s.HasExited).ToList();
        Assert.Equal(SiloCount - 1, survivors.Count);
        var processorRuns = 0L;
        foreach (var survivor in survivors)
        {
            using var probe = survivor.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);
            var metrics = await probe.GetStringAsync("/metrics");
            processorRuns += metrics.Split('\n')
                .Where(line => line.StartsWith("imgprocess_processor_duration_seconds_count{", StringComparison.Ordinal))
                .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        }

        Assert.True(processorRuns > 0, "no processor runs in the surviving silos' metrics");
    }
}
