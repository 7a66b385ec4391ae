using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenTelemetry.Trace;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// Runs alone: OpenTelemetry listens to every meter named ImgProcess in the process, so hosts of other test classes
/// running at the same time would add their uploads to these counts.
/// </summary>
[Collection(Name)]
public sealed class TelemetryTests
{
    public const string Name = "telemetry, alone";

    [Fact]
    public async Task The_metrics_view_counts_uploads_bytes_refusals_by_reason_and_every_processor_run()
    {
        using var data = new TempDirectory();
        await using var factory = new GatewayFactory(data.Path);
        using var client = factory.CreateClient();
        var image = TestImages.Stamped(TestImages.LandscapeJpeg(320, 240, seed: 4), Guid.NewGuid().ToString());

        using (var upload = MultipartBodies.Image(image, "scene.jpg"))
        {
            (await client.PostAsync("/images", upload)).EnsureSuccessStatusCode();
        }

        using (var text = MultipartBodies.Image("plain text"u8.ToArray(), "notes.txt"))
        {
            Assert.Equal(400, (int)(await client.PostAsync("/images", text)).StatusCode);
        }

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Equal(1, Sample(metrics, "imgprocess_uploads_total", ("deduplicated", "false")));
        Assert.Equal(image.Length, Sample(metrics, "imgprocess_upload_bytes_total"));
        Assert.Equal(1, Sample(metrics, "imgprocess_rejections_total", ("reason", "not_an_image")));
        Assert.Equal(0, Sample(metrics, "imgprocess_uploads_in_progress"));
        var processors = JsonNode.Parse(await client.GetStringAsync("/processors"))!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(ImgProcess.Grains.Processors.BuiltInProcessors.All.Count - VisionProcessors.Names.Length, processors.Count);
        Assert.All(processors, name => Assert.Equal(1, Sample(metrics, "imgprocess_processor_duration_seconds_count", ("processor", name), ("outcome", "ok"))));
    }

    [Fact]
    public async Task An_upload_is_one_trace_from_the_http_request_through_the_grains_processors_and_storage()
    {
        using var data = new TempDirectory();
        var spans = new SpanList();
        await using var factory = new GatewayFactory(data.Path).WithWebHostBuilder(web =>
            web.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        using var client = factory.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/images")
        {
            Content = MultipartBodies.Image(TestImages.Stamped(TestImages.LandscapeJpeg(320, 240, seed: 6), Guid.NewGuid().ToString()), "traced.jpg"),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Equal(traceId.ToHexString(), response.Headers.GetValues("X-Request-Id").Single());
        var trace = await WaitForAsync(() => spans.Snapshot().Where(s => s.TraceId == traceId).ToList(), t => t.Count(s => s.DisplayName.StartsWith("processor ", StringComparison.Ordinal)) == 8);
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.DisplayName == "imgprocess.intake" && (string?)s.GetTagItem("imgprocess.outcome") == "accepted");
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IImageGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IProcessorGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.Orleans.Storage");
        Assert.Equal(ImgProcess.Grains.Processors.BuiltInProcessors.All.Count - VisionProcessors.Names.Length, trace.Where(s => s.DisplayName.StartsWith("processor ", StringComparison.Ordinal)).Select(s => s.GetTagItem("imgprocess.processor")).Distinct().Count());
    }

    [Fact]
    public async Task Json_logs_carry_the_request_id_from_the_gateway_into_the_grain_that_processed_the_upload()
    {
        using var data = new TempDirectory();
        using var gateway = await ServiceProcess.StartAsync(data.Path, new Dictionary<string, string> { ["ImgProcess__Telemetry__JsonLogs"] = "true" });
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/images")
        {
            Content = MultipartBodies.Image(TestImages.Stamped(TestImages.GradientRgbaPng(64, 48), Guid.NewGuid().ToString()), "logged.png"),
        };

        var response = await client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var imageId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var line = await WaitForAsync(
            () => gateway.Output.Split('\n').Select(TryParse).OfType<JsonObject>().FirstOrDefault(l =>
                l["Category"]?.GetValue<string>() == "ImgProcess.Grains.Images.ImageGrain" && l["State"]?["ImageId"]?.GetValue<string>() == imageId),
            found => found is not null);
        Assert.Contains(line!["Scopes"]!.AsArray(), scope => scope?["TraceId"]?.GetValue<string>() == requestId);
        Assert.Equal("Information", line["LogLevel"]!.GetValue<string>());
    }

    // The value of one Prometheus sample whose labels include all of the given ones.
    private static double Sample(string metrics, string name, params (string Key, string Value)[] labels)
    {
        var line = metrics.Split('\n').Single(l =>
            (l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            && labels.All(label => l.Contains($"{label.Key}=\"{label.Value}\"", StringComparison.Ordinal)));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    // The exporter adds spans from its own thread: adding and copying take the same lock.
    private sealed class SpanList : System.Collections.ObjectModel.Collection<Activity>
    {
        private readonly Lock gate = new();

        public List<Activity> Snapshot()
        {
            lock (gate)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (gate)
            {
                base.InsertItem(index, item);
            }
        }
    }

    private static JsonObject? TryParse(string line)
    {
        try
        {
            return line.TrimStart().StartsWith('{') ? JsonNode.Parse(line) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}

[CollectionDefinition(TelemetryTests.Name, DisableParallelization = true)]
public sealed class TelemetryCollection;
