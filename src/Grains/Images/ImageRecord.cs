using ImgProcess.Grains.History;
using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Images;

/// <summary>Everything known about one upload, as returned by <see cref="IImageGrain"/>.</summary>
/// <param name="Id">The image id (grain key).</param>
/// <param name="OriginalName">The client's file name, sanitised.</param>
/// <param name="StoredName">The name the bytes are served under.</param>
/// <param name="ContentType">The media type of the stored bytes.</param>
/// <param name="Image">The stored bytes: key, hash, format, dimensions, size.</param>
/// <param name="UploadedAt">When the upload was accepted.</param>
/// <param name="Status">Where processing is.</param>
/// <param name="Results">Processor display name to result JSON text.</param>
/// <param name="Errors">Processor display name to error message.</param>
/// <param name="ProcessedAt">When processing finished.</param>
/// <param name="History">Where the upload's entry is in the history (meaningless until it is listed).</param>
/// <param name="ProcessedOn">The silo that ran the processors.</param>
[GenerateSerializer, Immutable]
public sealed record ImageRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string OriginalName,
    [property: Id(2)] string StoredName,
    [property: Id(3)] string ContentType,
    [property: Id(4)] ImageRef Image,
    [property: Id(5)] DateTimeOffset UploadedAt,
    [property: Id(6)] ImageStatus Status,
    [property: Id(7)] Dictionary<string, string> Results,
    [property: Id(8)] Dictionary<string, string> Errors,
    [property: Id(9)] DateTimeOffset? ProcessedAt,
    [property: Id(10)] HistoryPosition History,
    [property: Id(11)] string? ProcessedOn)
{
    /// <summary>True when the results came from an identical upload processed before.</summary>
    [Id(12)]
    public bool Deduplicated { get; init; }

    /// <summary>The content's perceptual hash in the similarity index; null when it has none (pending, failed, switched off).</summary>
    [Id(13)]
    public ulong? SimilarityHash { get; init; }

    /// <summary>The name of the API key that uploaded it (never the key); null for anonymous uploads and older records.</summary>
    [Id(14)]
    public string? Owner { get; init; }

    /// <summary>The deferred processors of this upload, in the order they are listed.</summary>
    [Id(15)]
    public IReadOnlyList<string> DeferredProcessors { get; init; } = [];

    /// <summary>The deferred processors still to run; the upload is finished when this is empty.</summary>
    [Id(16)]
    public IReadOnlyList<string> DeferredPending { get; init; } = [];

    /// <summary>True when every processor, inline and deferred, has its result or error (or the upload failed).</summary>
    public bool Finished => Status != ImageStatus.Pending && DeferredPending.Count == 0;
}
