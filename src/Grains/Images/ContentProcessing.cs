using ImgProcess.Grains.Content;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;

namespace ImgProcess.Grains.Images;

/// <summary>
/// How an upload gets its results: the content's stored ones when every current processor has one, else one
/// <see cref="IProcessorGrain"/> call per enabled processor, all in parallel, whose outcomes the content grain stores
/// (the cache and reference count of the bytes). Used by the image grain, which owns the upload.
/// </summary>
internal sealed class ContentProcessing(IGrainFactory grains, ProcessorCatalog catalog, DecodedImageCache images, TimeSpan processorTimeout)
{
    /// <summary>
    /// The stored results of <paramref name="image"/>'s content, or new ones, durable with the content when this returns;
    /// <paramref name="again"/> runs the processors regardless. Either way the content holds upload
    /// <paramref name="imageId"/>'s reference durably.
    /// </summary>
    public async Task<ContentResults> ResultsAsync(string imageId, ImageRef image, bool again)
    {
        var content = grains.GetGrain<IContentGrain>(image.Sha256);
        if (!again && await content.GetStored(imageId) is { } stored)
        {
            return stored;
        }

        IReadOnlyList<ProcessorOutcome> outcomes;
        using (images.Acquire(image))
        {
            // Holding a lease for the whole fan-out keeps the shared decode alive between processors that start at different moments.
            outcomes = await ProcessorFanOut.RunAsync(grains, catalog.Inline, image, processorTimeout);
        }

        // An outage during processing (bytes unreadable from the store, a silo lost) decides nothing about the image:
        // nothing is stored, and the caller answers 503 so the client can retry.
        var lost = outcomes.Where(o => o.Unavailable).ToList();
        if (lost.Count > 0)
        {
            throw new ServiceUnavailableException(Dependency.Cluster, $"Processing could not finish: {string.Join("; ", lost.Select(o => $"{o.Processor}: {o.Error}"))}");
        }

        return await content.Store(imageId, [.. outcomes], reindex: again);
    }
}
