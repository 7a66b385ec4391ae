using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Images;

/// <summary>The persisted state of an <see cref="ImageGrain"/>. The image bytes are never here: they live in the blob store.</summary>
[GenerateSerializer]
public sealed class ImageState
{
    /// <summary>The client's file name, sanitised.</summary>
    [Id(0)] public string OriginalName { get; set; } = "";

    /// <summary>The name the bytes are served under.</summary>
    [Id(1)] public string StoredName { get; set; } = "";

    /// <summary>The media type of the stored bytes.</summary>
    [Id(2)] public string ContentType { get; set; } = "";

    /// <summary>The stored bytes.</summary>
    [Id(3)] public ImageRef? Image { get; set; }

    /// <summary>When the upload was accepted.</summary>
    [Id(4)] public DateTimeOffset UploadedAt { get; set; }

    /// <summary>Where processing is.</summary>
    [Id(5)] public ImageStatus Status { get; set; }

    /// <summary>
    /// Legacy: the copy of the results that records kept before results lived only with the content (empty once the
    /// upload is processed again); read when the content has none.
    /// </summary>
    [Id(6)] public Dictionary<string, string> Results { get; set; } = [];

    /// <summary>Legacy: the copy of the errors (see <see cref="Results"/>).</summary>
    [Id(7)] public Dictionary<string, string> Errors { get; set; } = [];

    /// <summary>When processing finished.</summary>
    [Id(8)] public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>
    /// The entry's number in its history partition for records listed before entries were found by image id; -1 for
    /// newer ones, whose entry the partition finds by id and upload time.
    /// </summary>
    [Id(9)] public long HistorySequence { get; set; }

    /// <summary>Legacy: the silo(s) the processors ran on (see <see cref="Results"/>); the content holds it now.</summary>
    [Id(10)] public string? ProcessedOn { get; set; }

    /// <summary>True when the results came from an identical upload processed before.</summary>
    [Id(11)] public bool Deduplicated { get; set; }

    /// <summary>The history partition of the upload's entry, fixed when the record is first written (0 for records from before partitions).</summary>
    [Id(13)] public int HistoryPartition { get; set; }

    /// <summary>The entry's ordering key (0 for records from before keys: then derived from the sequence).</summary>
    [Id(14)] public long HistoryKey { get; set; }

    /// <summary>
    /// Legacy: the content's similarity hash (see <see cref="Results"/>; records older still carry it only inside the
    /// perceptual hash's result).
    /// </summary>
    [Id(15)] public ulong? SimilarityHash { get; set; }

    /// <summary>
    /// The uploader waits for the results (<see cref="IImageGrain.Process"/>); a pending record without it was accepted
    /// asynchronously and is processed in the background.
    /// </summary>
    [Id(16)] public bool Synchronous { get; set; }

    /// <summary>The name of the API key that uploaded it (never the key); null for anonymous uploads and older records.</summary>
    [Id(17)] public string? Owner { get; set; }

    /// <summary>The deferred processors still to run on this upload (its deferred queue holds it until they have).</summary>
    [Id(18)] public List<string> DeferredPending { get; set; } = [];

    /// <summary>The configured webhooks are still to be told that this upload's work is done.</summary>
    [Id(19)] public bool WebhookPending { get; set; }
}
