namespace ImgProcess.Grains.Content;

/// <summary>
/// One distinct content (key: its SHA-256): which uploads reference it and the processor results computed for it — the
/// one place they live: an upload's record is composed from them when read.
/// Identical bytes are stored once and processed once (twice at most when two uploads of new bytes arrive together:
/// both run the processors, and the second stores the same results); the bytes and derived images go with the last upload.
/// </summary>
public interface IContentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records that <paramref name="imageId"/> uses this content. Call before storing the bytes. True when results of
    /// every current processor version are stored (<see cref="GetStored"/> would answer them): the processors need not run.
    /// With <paramref name="writeWithResults"/> (the caller processes the upload next) a reference to content without
    /// results is kept in memory and written with the results by <see cref="Store"/>, or by <see cref="GetStored"/>
    /// when another upload stored them first — always before the results are answered, so before the upload's record
    /// is written. Otherwise it is written now.
    /// </summary>
    Task<bool> Acquire(string imageId, bool writeWithResults = false, CancellationToken cancellationToken = default);

    /// <summary>Drops <paramref name="imageId"/>'s reference; the last one deletes the bytes, the derived images and the results.</summary>
    Task Release(string imageId);

    /// <summary>
    /// The stored results when every current processor version has one, once <paramref name="imageId"/>'s reference is
    /// durable; null when the processors must run.
    /// </summary>
    Task<ContentResults?> GetStored(string imageId);

    /// <summary>The results stored for this content, whatever processor versions made them; null when none are.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ContentResults?> GetResults();

    /// <summary>
    /// Stores the processors' <paramref name="outcomes"/> as this content's results (and the blobs and hash they
    /// declare), in the same write as <paramref name="imageId"/>'s reference; <paramref name="reindex"/> adds the hash
    /// to the similarity index now (results computed again).
    /// </summary>
    Task<ContentResults> Store(string imageId, List<Processing.ProcessorOutcome> outcomes, bool reindex);

    /// <summary>Adds a deferred processor's <paramref name="outcome"/> (its result or its error) to the stored results.</summary>
    Task StoreDeferred(Processing.ProcessorOutcome outcome);

    /// <summary>The uploads that reference this content.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<List<string>> References(CancellationToken cancellationToken = default);
}
