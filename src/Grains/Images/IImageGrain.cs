namespace ImgProcess.Grains.Images;

/// <summary>
/// One upload (the key is the image id): its record, its place in the history and its results. Methods called for an
/// HTTP request take the request's deadline: when it passes, the caller's call ends at once (Orleans grain-call
/// cancellation) instead of waiting for a silo that may have died.
/// </summary>
public interface IImageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the upload, runs every enabled processor (or takes the results of identical content processed before),
    /// persists the results with the content and the record, and then lists it in the history. The bytes must be in the
    /// blob store. When it returns, everything is durable. Idempotent for one upload: calling it again (a retry after a
    /// lost answer or a silo's death) finishes what is missing and returns the stored record. Throws
    /// <see cref="Faults.ServiceUnavailableException"/> when an outage stopped it; the caller then calls <see cref="Abandon"/>.
    /// </summary>
    Task<ImageRecord> Process(ImageUpload upload, CancellationToken cancellationToken = default);

    /// <summary>Records the upload (status pending) and lists it, durably, and processes it in the background.</summary>
    Task<ImageRecord> Accept(ImageUpload upload, CancellationToken cancellationToken = default);

    /// <summary>
    /// For an upload its caller answered 503: removes whatever of it was stored (record, history entry, the reference
    /// to content <paramref name="sha256"/>), in the background, retried while an outage lasts.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task Abandon(string sha256);

    /// <summary>
    /// Runs the deferred processors still pending on this upload (its deferred queue calls it), each in one of the
    /// silo's deferred slots, and stores each one's result or error with the content. Throws
    /// <see cref="Faults.ServiceUnavailableException"/> when an outage stopped one: the queue calls again later.
    /// </summary>
    Task RunDeferred();

    /// <summary>Runs the current processors again; null when no upload has this id.</summary>
    Task<ImageRecord?> Reprocess(CancellationToken cancellationToken = default);

    /// <summary>Removes the record and the history entry, and the bytes unless another upload has the same content. Idempotent: false when there was nothing to delete.</summary>
    Task<bool> Delete(CancellationToken cancellationToken = default);

    /// <summary>The record with its content's current results, or null when no upload has this id (or its upload never finished being listed).</summary>
    [Orleans.Concurrency.ReadOnly]
    [Orleans.Concurrency.AlwaysInterleave] // a read: it answers while deferred processors run
    Task<ImageRecord?> GetRecord(CancellationToken cancellationToken = default);
}
