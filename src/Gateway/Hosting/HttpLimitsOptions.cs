using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Gateway.Hosting;

/// <summary>HTTP-side limits of the gateway. Bound from <c>ImgProcess:Limits</c> (beside the image limits).</summary>
internal sealed class HttpLimitsOptions
{
    public const string SectionName = "ImgProcess:Limits";

    /// <summary>Uploads handled at once (default 2 × cores); further uploads wait before their body is read.</summary>
    [Range(0, 4096)]
    public int MaxConcurrentUploads { get; set; }

    /// <summary>Uploads that may wait for a slot (default 64); beyond that the answer is 503 with Retry-After.</summary>
    [Range(0, 100_000)]
    public int UploadQueueLength { get; set; } = 64;

    /// <summary>Uploads per client address per minute (default 600; 0 switches the limit off); beyond it 429 with Retry-After.</summary>
    [Range(0, int.MaxValue)]
    public int UploadsPerClientPerMinute { get; set; } = 600;

    /// <summary>How long one request may take before it is cancelled (default 2 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the grain calls one request makes may take together (default 5 s): reads, deletes, the history, similar images.
    /// Past it the call ends and the answer is 503 with Retry-After (a silo may have died; Orleans would wait 30 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan GrainCallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the processing of one upload may take, from its checks to its durable results (default 20 s; keep it
    /// above ImgProcess:Processing:ProcessorTimeout plus a few seconds). Past it: 503, and the upload is not listed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public int EffectiveConcurrentUploads => MaxConcurrentUploads > 0 ? MaxConcurrentUploads : 2 * Environment.ProcessorCount;
}
