using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Tests;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// Deferred processors in a real cluster (two silo processes and a client gateway on PostgreSQL), with the Delay drill
/// processor (500 ms, deferred, two slots per silo): a silo SIGKILLed while that work runs and waits loses none of it
/// (the queues resume on the other silo and a replacement); a database crashed for 10 s while work is queued delays it,
/// and it completes after. The vision processors read pictures on the silos, and their text and look-alike indexes (grain
/// state in PostgreSQL) answer searches, also after the silo that held them is killed.
/// </summary>
[Collection(RealClusterCollection.Name)]
public sealed class DeferredClusterTests : IAsyncLifetime
{
    private const int Uploads = 24;
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["ImgProcess__Cluster__Membership__ProbeTimeout"] = "00:00:02",
        ["ImgProcess__Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["ImgProcess__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        ["ImgProcess__Processing__DelayProcessor"] = "00:00:00.500",
        ["ImgProcess__Processing__MaxConcurrentDeferred"] = "2",
    };

    private RealCluster? cluster;
    private PrivatePostgres? postgres;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        postgres?.Dispose();
    }

    [Fact]
    public async Task A_silo_killed_while_deferred_work_runs_and_waits_loses_none_of_it()
    {
        cluster = await RealCluster.StartAsync(await PostgresServer.CreateDatabaseAsync(), 2, Settings);
        using var client = cluster.Gateway.CreateClient();
        var ids = await UploadAsync(client);

        // The last uploads' Delay is still to run when the silo dies: the kill meets queued and running work.
        var pendingAtKill = await PendingAmongAsync(client, ids.TakeLast(6));
        cluster.Silos[0].Kill();
        Assert.True(pendingAtKill > 0, "no deferred work was pending when the silo was killed");
        await cluster.AddSiloAsync(2);

        await AllDoneAsync(client, ids, $"{pendingAtKill} were pending at the kill");
    }

    [Fact]
    public async Task A_database_crash_while_deferred_work_is_queued_delays_it_and_it_completes_after()
    {
        postgres = new PrivatePostgres();
        cluster = await RealCluster.StartAsync(postgres.ConnectionString, 2, Settings);
        using var client = cluster.Gateway.CreateClient();
        var ids = await UploadAsync(client);

        var pendingAtCrash = await PendingAmongAsync(client, ids.TakeLast(6));
        postgres.Crash();
        await Task.Delay(TimeSpan.FromSeconds(10));
        postgres.Start();
        Assert.True(pendingAtCrash > 0, "no deferred work was pending when the database crashed");

        await AllDoneAsync(client, ids, $"{pendingAtCrash} were pending at the crash");
    }

    [Fact]
    public async Task Pictures_are_read_and_embedded_on_the_silos_and_found_by_text_and_by_look_after_a_silo_is_killed()
    {
        cluster = await RealCluster.StartAsync(await PostgresServer.CreateDatabaseAsync(), 2, Settings);
        using var client = cluster.Gateway.CreateClient();
        var pictures = TextPictures.All();
        var uploads = new[] { pictures[0].Png, pictures[5].Png, LookAlikePhotos.Original("chelsea.png"), LookAlikePhotos.Original("rocket.jpg") };
        var ids = new List<string>();
        foreach (var bytes in uploads)
        {
            using var body = MultipartBodies.Image(bytes, "picture.png");
            using var response = await client.PostAsync(new Uri("/images", UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }

        foreach (var processor in new[] { "Text", "Visual Embedding" })
        {
            await AllDoneAsync(client, ids, processor, "vision");
        }

        async Task SearchesAnswerAsync()
        {
            Assert.Equal([ids[1]], await IdsAsync(client, "/images?text=telescope%20galaxies"));
            Assert.Equal([ids[0]], await IdsAsync(client, "/images?text=lazy"));
            Assert.Equal(ids[2], (await IdsAsync(client, $"/images/{ids[0]}/similar?by=look&limit=1")).Single());
        }

        await SearchesAnswerAsync();

        // The index shards on the killed silo come back on the other one from their segments in PostgreSQL.
        cluster.Silos[0].Kill();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await SearchesAnswerAsync();
                break;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                await Task.Delay(1000);
            }
        }
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string uri) =>
        [.. JsonNode.Parse(await client.GetStringAsync(new Uri(uri, UriKind.Relative)))!.AsArray().Select(i => i!["id"]!.GetValue<string>())];

    private static async Task<List<string>> UploadAsync(HttpClient client)
    {
        var photo = TestImages.LandscapeJpeg(320, 240, seed: 21);
        var ids = new List<string>();
        for (var i = 0; i < Uploads; i++)
        {
            using var body = MultipartBodies.Image(TestImages.Stamped(photo, $"deferred {i} {Guid.NewGuid()}"), "deferred.jpg");
            using var response = await client.PostAsync(new Uri("/images", UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }

        return ids;
    }

    private static async Task<int> PendingAmongAsync(HttpClient client, IEnumerable<string> ids)
    {
        var pending = 0;
        foreach (var id in ids)
        {
            pending += await StateAsync(client, id, "Delay") == "pending" ? 1 : 0;
        }

        return pending;
    }

    private static Task AllDoneAsync(HttpClient client, List<string> ids, string context) => AllDoneAsync(client, ids, "Delay", context);

    private static async Task AllDoneAsync(HttpClient client, List<string> ids, string processor, string context)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var remaining = new HashSet<string>(ids);
        while (remaining.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{remaining.Count} of {ids.Count} uploads never got their deferred result ({context})");
            foreach (var id in remaining.ToList())
            {
                if (await StateAsync(client, id, processor) == "done")
                {
                    remaining.Remove(id);
                }
            }

            await Task.Delay(500);
        }
    }

    // A deferred processor's state on one upload; null while the cluster cannot answer (a silo just died).
    private static async Task<string?> StateAsync(HttpClient client, string id, string processor)
    {
        try
        {
            using var response = await client.GetAsync(new Uri($"/images/{id}", UriKind.Relative));
            return response.IsSuccessStatusCode
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["processors"]![processor]!["state"]!.GetValue<string>()
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
