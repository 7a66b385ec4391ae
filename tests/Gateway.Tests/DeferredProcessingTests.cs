using System.Net;
using System.Text.Json.Nodes;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Processors;
using ImgProcess.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// Processors that run after the answer: a deferred test processor that takes 200 ms, through the real gateway (embedded
/// silo, SQLite): its result is absent from the answer and joins the record after; each processor's state is shown; an
/// operator moves a built-in processor to deferred in configuration; queued work survives a restart of the service.
/// </summary>
public sealed class DeferredProcessingTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_deferred_processors_result_is_not_in_the_answer_and_joins_the_record_after_it()
    {
        await using var factory = WithSlowProcessor(new GatewayFactory(data.Path));
        using var client = factory.CreateClient();

        var answer = await UploadAsync(client, "deferred.jpg");
        Assert.Null(answer["result"]![SlowDeferredProcessor.DisplayName]);
        Assert.NotNull(answer["result"]!["Average Pixel Value"]);
        var id = answer["id"]!.GetValue<string>();

        var pending = await RecordAsync(client, id);
        Assert.Equal("done", pending["status"]!.GetValue<string>()); // the upload is done: its inline processors are
        Assert.Equal("deferred", pending["processors"]![SlowDeferredProcessor.DisplayName]!["runs"]!.GetValue<string>());
        Assert.Equal("inline", pending["processors"]!["Average Pixel Value"]!["runs"]!.GetValue<string>());
        Assert.Equal("done", pending["processors"]!["Average Pixel Value"]!["state"]!.GetValue<string>());

        var done = await WaitForAsync(client, id, r => r["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>() == "done");
        Assert.Equal(200, done["result"]![SlowDeferredProcessor.DisplayName]!["slept_ms"]!.GetValue<int>());

        var processors = JsonNode.Parse(await client.GetStringAsync(new Uri("/processors", UriKind.Relative)))!.AsArray();
        Assert.Equal("deferred", processors.Single(p => p!["name"]!.GetValue<string>() == SlowDeferredProcessor.DisplayName)!["runs"]!.GetValue<string>());
        Assert.All(processors.Where(p => p!["name"]!.GetValue<string>() != SlowDeferredProcessor.DisplayName), p => Assert.Equal("inline", p!["runs"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Reprocessing_runs_the_deferred_processors_again()
    {
        await using var factory = WithSlowProcessor(new GatewayFactory(data.Path));
        using var client = factory.CreateClient();
        var id = (await UploadAsync(client, "again.jpg"))["id"]!.GetValue<string>();
        await WaitForAsync(client, id, r => r["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>() == "done");

        using var reprocess = await client.PostAsync(new Uri($"/images/{id}/reprocess", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, reprocess.StatusCode);
        var answer = JsonNode.Parse(await reprocess.Content.ReadAsStringAsync())!;

        Assert.Equal("pending", answer["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>());
        await WaitForAsync(client, id, r => r["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>() == "done");
    }

    [Fact]
    public async Task An_operator_moves_a_built_in_processor_after_the_answer_in_configuration()
    {
        await using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?> { ["ImgProcess:Processing:Deferred:0"] = "Histogram" });
        using var client = factory.CreateClient();

        var answer = await UploadAsync(client, "histogram-later.jpg");

        Assert.Null(answer["result"]!["Histogram"]);
        var done = await WaitForAsync(client, answer["id"]!.GetValue<string>(), r => r["result"]!["Histogram"] is not null);
        Assert.Equal("deferred", done["processors"]!["Histogram"]!["runs"]!.GetValue<string>());
        Assert.Equal("done", done["processors"]!["Histogram"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Work_queued_when_the_service_stops_is_run_when_it_starts_again()
    {
        string id;
        await using (var first = new GatewayFactory(data.Path).WithWebHostBuilder(web => web.ConfigureServices(services => services.AddImageProcessor<StalledDeferredProcessor>())))
        {
            using var client = first.CreateClient();
            id = (await UploadAsync(client, "interrupted.jpg"))["id"]!.GetValue<string>();
            Assert.Equal("pending", (await RecordAsync(client, id))["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>());

            // Work waiting in the queue is no reason to be taken out of a load balancer.
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // A new process on the same data: nothing is uploaded, yet the wake sent at silo start finds the work and runs it.
        await using var second = WithSlowProcessor(new GatewayFactory(data.Path));
        using var again = second.CreateClient();
        var done = await WaitForAsync(again, id, r => r["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>() == "done", TimeSpan.FromSeconds(40));
        Assert.NotNull(done["result"]![SlowDeferredProcessor.DisplayName]);
    }

    [Fact]
    public async Task The_event_stream_reports_each_state_as_it_changes_and_ends_with_done()
    {
        await using var factory = WithSlowProcessor(new GatewayFactory(data.Path));
        using var client = factory.CreateClient();
        var id = (await UploadAsync(client, "streamed.jpg"))["id"]!.GetValue<string>();

        var events = await EventsAsync(client, id);

        Assert.Equal("state", events[0].Name);
        Assert.Equal("pending", events[0].Data["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>());
        Assert.Equal("done", events[^1].Name);
        Assert.Equal(200, events[^1].Data["result"]![SlowDeferredProcessor.DisplayName]!["slept_ms"]!.GetValue<int>());
        Assert.Contains(events, e => e.Name == "state" && e.Data["finished"]!.GetValue<bool>()
            && e.Data["processors"]![SlowDeferredProcessor.DisplayName]!["state"]!.GetValue<string>() == "done");

        // Already finished: the stream says so at once and ends.
        var again = await EventsAsync(client, id);
        Assert.Equal(["state", "done"], again.Select(e => e.Name));

        using var unknown = await client.GetAsync(new Uri("/images/0123456789abcdef0123456789abcdef/events", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    // Reads the whole stream (it ends after "done"): each event's name and JSON data.
    private static async Task<List<(string Name, JsonNode Data)>> EventsAsync(HttpClient client, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/images/{id}/events", UriKind.Relative));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(block => block.StartsWith("event: ", StringComparison.Ordinal))
            .Select(block => block.Split('\n'))
            .Select(lines => (lines[0]["event: ".Length..], JsonNode.Parse(lines[1]["data: ".Length..])!))];
    }

    private static WebApplicationFactory<Program> WithSlowProcessor(GatewayFactory factory) =>
        factory.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddImageProcessor<SlowDeferredProcessor>()));

    private static async Task<JsonNode> UploadAsync(HttpClient client, string name)
    {
        using var body = MultipartBodies.Image(TestImages.Stamped(TestImages.LandscapeJpeg(160, 120, seed: 4), Guid.NewGuid().ToString()), name);
        using var response = await client.PostAsync(new Uri("/images", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> RecordAsync(HttpClient client, string id) =>
        JsonNode.Parse(await client.GetStringAsync(new Uri($"/images/{id}", UriKind.Relative)))!;

    private static async Task<JsonNode> WaitForAsync(HttpClient client, string id, Func<JsonNode, bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var record = await RecordAsync(client, id);
            if (condition(record))
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the record did not get there in time: {record.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}

/// <summary>A deferred processor that takes 200 ms and says how long it slept.</summary>
internal class SlowDeferredProcessor : IImageProcessor
{
    public const string DisplayName = "Slow Deferred";

    protected virtual TimeSpan Delay => TimeSpan.FromMilliseconds(200);

    public string Name => DisplayName;

    public string Description => "Sleeps, then answers how long it slept (tests).";

    public string Version => "1";

    public ImageNeed Needs => ImageNeed.Header;

    public ProcessorRuns Runs => ProcessorRuns.Deferred;

    public async ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        var delay = Delay;
        await Task.Delay(delay, cancellationToken);
        return new Dictionary<string, int> { ["slept_ms"] = (int)delay.TotalMilliseconds };
    }
}

/// <summary>The same processor stalled for 30 s: a service stopped while it runs leaves its work queued.</summary>
internal sealed class StalledDeferredProcessor : SlowDeferredProcessor
{
    protected override TimeSpan Delay => TimeSpan.FromSeconds(30);
}
