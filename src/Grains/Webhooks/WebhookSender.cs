using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Webhooks;

/// <summary>
/// POSTs a finished upload's record to every configured receiver, signed (<see cref="WebhookSignature"/>). A receiver
/// that does not answer 2xx (or not in time) fails the delivery: the caller's queue tries again later, and the
/// receivers that did answer get it again too (at least once; the body's <c>id</c> lets them drop duplicates).
/// </summary>
public sealed partial class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, ImgProcessMetrics metrics, TimeProvider time, ILogger<WebhookSender> logger)
{
    /// <summary>The named HTTP client deliveries use.</summary>
    public const string ClientName = "webhooks";

    /// <summary>True when receivers are configured.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>Delivers <paramref name="record"/>; throws <see cref="ServiceUnavailableException"/> when a receiver did not take it.</summary>
    public async Task DeliverAsync(ImageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = WebhookPayload.Serialize(record);
        var failures = new List<string>();
        foreach (var receiver in options.Value.Receivers)
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = await PostAsync(receiver, body);
            metrics.WebhookDelivered(outcome is null ? "ok" : "failed", Stopwatch.GetElapsedTime(started).TotalSeconds);
            if (outcome is not null)
            {
                failures.Add($"{receiver.GetLeftPart(UriPartial.Path)}: {outcome}");
            }
        }

        if (failures.Count > 0)
        {
            LogNotTaken(record.Id, string.Join("; ", failures));
            throw new ServiceUnavailableException(Dependency.Cluster, $"Webhook not taken: {string.Join("; ", failures)}");
        }
    }

    // Null when the receiver answered 2xx, else why not.
    private async Task<string?> PostAsync(Uri receiver, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, receiver) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Sign(options.Value.Secret!, time.GetUtcNow().ToUnixTimeSeconds(), body));
        using var deadline = new CancellationTokenSource(options.Value.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, deadline.Token);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return e is OperationCanceledException ? $"no answer within {options.Value.Timeout.TotalSeconds:0} s" : e.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {ImageId} not taken ({Failures}); it is sent again later")]
    private partial void LogNotTaken(string imageId, string failures);
}
