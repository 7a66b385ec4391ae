using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Uploads;

/// <summary>
/// Every limit on an upload, bound once from <c>ImgProcess:Limits</c> and validated at start: what a file may be (bytes,
/// pixels, frames, formats, metadata), checked before any pixel is decoded, and how the gateway admits uploads
/// (concurrency, queue, per-client rate, deadlines). <c>GET /limits</c> and the web page read this class.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Limits";

    /// <summary>Largest accepted file, in bytes (default 50 MiB). Larger uploads are refused with 413 as soon as the limit is passed.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Largest accepted width times height (default 50 megapixels).</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixelsPerImage { get; set; } = 50_000_000;

    /// <summary>Largest accepted width or height (default 20 000).</summary>
    [Range(1, int.MaxValue)]
    public int MaxPixelsPerSide { get; set; } = 20_000;

    /// <summary>Most frames accepted in an animated image (default 500).</summary>
    [Range(1, int.MaxValue)]
    public int MaxFrames { get; set; } = 500;

    /// <summary>
    /// Largest total of compressed PNG metadata chunks (zTXt, iTXt, iCCP) accepted (default 64 KiB): they are inflated in
    /// full when the header is read, at up to about a thousand times their size.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxPngCompressedMetadataBytes { get; set; } = 64 * 1024;

    /// <summary>Longest original file name kept (default 255 characters); longer names are shortened, not refused.</summary>
    [Range(16, 4096)]
    public int MaxFileNameLength { get; set; } = 255;

    private static readonly string[] DefaultFormats = ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "HEIC", "AVIF", "JXL"];

    /// <summary>
    /// Formats accepted, by sniffed name; unset means PNG, JPEG, GIF, BMP, TIFF, WEBP, HEIC, AVIF, JXL. Other recognised formats get 415.
    /// Null by default on purpose: the configuration binder adds to a list that already has items, so a default
    /// list here could never be narrowed from configuration.
    /// </summary>
    public IList<string>? AllowedFormats { get; set; }

    /// <summary>The formats in effect: <see cref="AllowedFormats"/> when configured, else the defaults.</summary>
    public IReadOnlyList<string> AcceptedFormats => AllowedFormats is { Count: > 0 } configured ? [.. configured] : DefaultFormats;

    /// <summary>True when <paramref name="formatName"/> is in <see cref="AcceptedFormats"/>.</summary>
    public bool Allows(string formatName) => AcceptedFormats.Contains(formatName, StringComparer.OrdinalIgnoreCase);

    /// <summary>Uploads handled at once (default 2 × cores); further uploads wait before their body is read.</summary>
    [Range(0, 4096)]
    public int MaxConcurrentUploads { get; set; }

    /// <summary>
    /// Uploads that may wait for a slot (default 64), newest first; a full queue gives its oldest waiter's place to the
    /// newcomer, and the one it displaces is answered 503 with Retry-After.
    /// </summary>
    [Range(0, 100_000)]
    public int UploadQueueLength { get; set; } = 64;

    /// <summary>How long an upload waits for a slot before it is answered 503 with Retry-After (default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan UploadQueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Places in the queue one client address may hold (default 8): its next upload takes the place of its own oldest,
    /// so one address that opens many connections and sends nothing cannot fill the queue.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxWaitingUploadsPerClient { get; set; } = 8;

    /// <summary>
    /// The slowest an upload's body may arrive (default 4096 bytes/s, averaged after <see cref="MinUploadRateGracePeriod"/>):
    /// a slower body loses its slot and is answered 408, so a trickle cannot hold a slot.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MinUploadBytesPerSecond { get; set; } = 4096;

    /// <summary>How long a body may be slower than <see cref="MinUploadBytesPerSecond"/> at its start (default 2 s; over 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01.001", "00:01:00")]
    public TimeSpan MinUploadRateGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a client may take to send its request headers (default 10 s); past it the connection is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

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

    /// <summary>Longest a <c>GET /images/{id}/events</c> stream stays open (default 10 minutes); a client reconnects for more.</summary>
    public TimeSpan EventStreamTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the processing of one upload may take, from its checks to its durable results (default 20 s; keep it
    /// above ImgProcess:Processing:ProcessorTimeout plus a few seconds). Past it: 503, and the upload is not listed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The effective number of uploads handled at once.</summary>
    public int EffectiveConcurrentUploads => MaxConcurrentUploads > 0 ? MaxConcurrentUploads : 2 * Environment.ProcessorCount;
}
