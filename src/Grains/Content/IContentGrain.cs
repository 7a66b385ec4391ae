using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Content;

/// <summary>
/// One distinct content (key: its SHA-256): which uploads reference it and the processor results computed for it.
/// Identical bytes are stored once and processed once; the bytes and derived images go when the last upload goes.
/// </summary>
public interface IContentGrain : IGrainWithStringKey
{
    /// <summary>Records that <paramref name="imageId"/> uses this content. Call before storing the bytes.</summary>
    Task Acquire(string imageId, CancellationToken cancellationToken = default);

    /// <summary>Drops <paramref name="imageId"/>'s reference; the last one deletes the bytes, the derived images and the results.</summary>
    Task Release(string imageId);

    /// <summary>The results for the current processors: the stored ones when every current processor version has one, else computed now.</summary>
    Task<ContentResults> GetOrProcess(ImageRef image);

    /// <summary>Runs every current processor again and stores the new results.</summary>
    Task<ContentResults> Reprocess(ImageRef image);

    /// <summary>The uploads that reference this content.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<List<string>> References(CancellationToken cancellationToken = default);
}
