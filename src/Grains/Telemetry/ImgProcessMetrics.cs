using System.Diagnostics.Metrics;

namespace ImgProcess.Grains.Telemetry;

/// <summary>
/// The service's own metrics (meter <see cref="ImgProcessTelemetry.Name"/>). Names follow OpenTelemetry conventions;
/// the Prometheus view turns dots into underscores and adds <c>_total</c> and unit suffixes.
/// </summary>
public sealed class ImgProcessMetrics
{
    private readonly Counter<long> uploads;
    private readonly Counter<long> uploadBytes;
    private readonly Counter<long> rejections;
    private readonly Histogram<double> processorDuration;
    private readonly Counter<long> processorFailures;
    private readonly Histogram<int> stateWritesPerCommit;
    private readonly Histogram<double> webhookDuration;
    private readonly Meter meter;

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    public ImgProcessMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meter = meters.Create(ImgProcessTelemetry.Name);
        uploads = meter.CreateCounter<long>("imgprocess.uploads", "{upload}", "Uploads accepted (deduplicated: answered from stored results of the same bytes).");
        uploadBytes = meter.CreateCounter<long>("imgprocess.upload.bytes", "By", "Bytes of accepted uploads.");
        rejections = meter.CreateCounter<long>("imgprocess.rejections", "{upload}", "Uploads refused, by reason (not_an_image, too_many_pixels, rate_limited, queue_full, ...).");
        processorDuration = meter.CreateHistogram<double>(
            "imgprocess.processor.duration",
            "s",
            "Time one processor took on one image, by processor and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        processorFailures = meter.CreateCounter<long>("imgprocess.processor.failures", "{failure}", "Processor runs that failed or timed out, by processor and kind.");
        stateWritesPerCommit = meter.CreateHistogram<int>(
            "imgprocess.storage.commit.writes",
            "{write}",
            "Grain state writes made durable by one SQLite commit (group commit: more than one under load).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
        webhookDuration = meter.CreateHistogram<double>(
            "imgprocess.webhook.duration",
            "s",
            "One webhook POST, by outcome (ok: the receiver answered 2xx; failed: it did not, or not in time).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge("imgprocess.deferred.waiting", () => (long)DeferredWaiting, "{processor}", "Deferred processor runs waiting for one of this silo's deferred slots.");
        meter.CreateObservableGauge("imgprocess.deferred.queued", () => (long)DeferredQueuedSource(), "{upload}", "Uploads waiting in the deferred queues active on this silo.");
        meter.CreateObservableGauge("imgprocess.deferred.oldest_age", () => DeferredOldestAgeSource(), "s", "Age of the oldest upload waiting in the deferred queues active on this silo.");
    }

    /// <summary>Uploads in this silo's deferred queues (set by the queues' statistics).</summary>
    public Func<int> DeferredQueuedSource { get; set; } = () => 0;

    /// <summary>Age in seconds of the oldest upload in this silo's deferred queues.</summary>
    public Func<double> DeferredOldestAgeSource { get; set; } = () => 0;

    /// <summary>Deferred runs waiting for a slot on this silo (set by the slots' owner).</summary>
    public Func<int> DeferredWaitingSource { get; set; } = () => 0;

    private int DeferredWaiting => DeferredWaitingSource();

    /// <summary>One webhook POST and how long it took.</summary>
    public void WebhookDelivered(string outcome, double seconds) => webhookDuration.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>An accepted upload of <paramref name="bytes"/> bytes.</summary>
    public void UploadAccepted(long bytes, bool deduplicated)
    {
        uploads.Add(1, new KeyValuePair<string, object?>("deduplicated", deduplicated));
        uploadBytes.Add(bytes);
    }

    /// <summary>A refused upload; <paramref name="reason"/> is a stable code.</summary>
    public void UploadRejected(string reason) => rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One processor run: <paramref name="outcome"/> is ok, failed, timeout or unavailable (an outage kept it from the bytes).</summary>
    public void ProcessorRan(string processor, double seconds, string outcome)
    {
        var processorTag = new KeyValuePair<string, object?>("processor", processor);
        processorDuration.Record(seconds, processorTag, new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome != "ok")
        {
            processorFailures.Add(1, processorTag, new KeyValuePair<string, object?>("kind", outcome));
        }
    }

    /// <summary>One SQLite commit of <paramref name="writes"/> grain state writes.</summary>
    public void StateWritesCommitted(int writes) => stateWritesPerCommit.Record(writes);

    /// <summary>Observes the gateway's upload gate: uploads in progress and waiting.</summary>
    public void ObserveUploadGate(Func<int> inProgress, Func<int> waiting)
    {
        meter.CreateObservableUpDownCounter("imgprocess.uploads.in_progress", inProgress, "{upload}", "Uploads being handled by this gateway now.");
        meter.CreateObservableUpDownCounter("imgprocess.uploads.waiting", waiting, "{upload}", "Uploads queued for a slot on this gateway (past the queue: 503).");
    }
}
