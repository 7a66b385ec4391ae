using System.Text;
using System.Text.Json;
using ImgProcess.Gateway.Security;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Apis;

/// <summary>
/// <c>GET /images/{id}/events</c>: a Server-Sent Events stream of one upload. An <c>state</c> event with the upload's
/// status and each processor's state whenever they change, a comment every 15 s to keep proxies from closing an idle
/// stream, and a <c>done</c> event with the full record once every processor, inline and deferred, has finished (at once
/// when it already has); then the stream ends. The upload's record is read four times a second.
/// </summary>
internal static class ImageEventsApi
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapImageEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/images/{id}/events", StreamAsync)
            .WithTags("Images")
            .WithName("ImageEvents")
            .WithSummary("Server-Sent Events (text/event-stream): a state event whenever the upload's or a processor's state changes, then a done event with the record.")
            .DisableRequestTimeout()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task StreamAsync(string id, HttpContext context, IGrainFactory grains, IOptions<AccessOptions> access, IOptions<LimitsOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = ImagesApi.ImageIdPattern().IsMatch(id) ? await ReadAsync(grains, id, limits.Value, context.RequestAborted) : null;
        if (record is null || !Caller.Of(context).MaySee(record, access.Value.ProtectReads))
        {
            await Problems.NotFound(id).ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        stream.CancelAfter(limits.Value.EventStreamTimeout);
        using var timer = new PeriodicTimer(Poll);
        string? last = null;
        var quietSince = DateTimeOffset.UtcNow;
        try
        {
            do
            {
                if (record is null)
                {
                    await WriteAsync(response, "deleted", $"{{\"id\":{JsonSerializer.Serialize(id)}}}", stream.Token);
                    return;
                }

                var state = JsonSerializer.Serialize(new ImageEvent(record), GatewayJson.Options);
                if (state != last)
                {
                    await WriteAsync(response, "state", state, stream.Token);
                    (last, quietSince) = (state, DateTimeOffset.UtcNow);
                }
                else if (DateTimeOffset.UtcNow - quietSince > KeepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", stream.Token);
                    await response.Body.FlushAsync(stream.Token);
                    quietSince = DateTimeOffset.UtcNow;
                }

                if (record.Finished)
                {
                    await WriteAsync(response, "done", JsonSerializer.Serialize(new ImageDetail(record), GatewayJson.Options), stream.Token);
                    return;
                }

                await timer.WaitForNextTickAsync(stream.Token);

                // An outage while the stream is open keeps the last state: the stream goes on once the record answers.
                try
                {
                    record = await ReadAsync(grains, id, limits.Value, stream.Token);
                }
                catch (Exception e) when (Unavailability.Classify(e) is not null)
                {
                }
            }
            while (!stream.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stream.IsCancellationRequested)
        {
            // The client left, or the stream reached EventStreamTimeout: it reconnects for more.
        }
    }

    private static async Task<ImageRecord?> ReadAsync(IGrainFactory grains, string id, LimitsOptions limits, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.GrainCallTimeout);
        return await GrainCalls.RetryAsync(grains.GetGrain<IImageGrain>(id).GetRecord, deadline.Token);
    }

    private static async Task WriteAsync(HttpResponse response, string name, string json, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {name}\ndata: {json}\n\n", Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}

/// <summary>The data of a <c>state</c> event: where the upload and each of its processors are.</summary>
internal sealed class ImageEvent(ImageRecord record)
{
    public string Id { get; } = record.Id;

    /// <summary>pending, done or failed: the upload's inline processing.</summary>
    public string Status { get; } = record.Status.ToString().ToLowerInvariant();

    /// <summary>True when every processor, deferred ones included, has finished.</summary>
    public bool Finished { get; } = record.Finished;

    public Dictionary<string, ProcessorState> Processors { get; } = ProcessorStates.Of(record);
}
