using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Content;

/// <summary>
/// Deduplication and the processing of one content. Calls are serialised per content, so an upload that acquires
/// the content and a delete that releases it can never interleave: the bytes are deleted only while no upload holds them.
/// </summary>
public sealed class ContentGrain(
    [PersistentState("content", StorageNames.Grains)] IPersistentState<ContentState> state,
    ProcessorCatalog catalog,
    DecodedImageCache images,
    IBlobStore blobs,
    SimilarityIndex index,
    IOptions<ProcessingOptions> options) : Grain, IContentGrain
{
    private string Sha256 => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task Acquire(string imageId, CancellationToken cancellationToken = default)
    {
        if (state.State.References.Add(imageId))
        {
            await state.WriteOrReloadAsync(this);
        }
    }

    /// <inheritdoc />
    public async Task Release(string imageId)
    {
        if (!state.State.References.Remove(imageId))
        {
            return;
        }

        if (state.State.References.Count > 0)
        {
            await state.WriteOrReloadAsync(this);
            return;
        }

        foreach (var derived in state.State.DerivedBlobs)
        {
            await blobs.DeleteAsync(derived);
        }

        await blobs.DeleteAsync(BlobKey.ForOriginal(Sha256));
        await state.ClearStateAsync();
    }

    /// <inheritdoc />
    public async Task<ContentResults> GetOrProcess(ImageRef image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (state.State.ProcessorVersions.SequenceEqual(CurrentVersions()) && state.State.ProcessorVersions.Count > 0)
        {
            return Snapshot(fromCache: true);
        }

        // The hash reaches the similarity index through the upload's history entry, after the upload is answered.
        return await ProcessAsync(image);
    }

    /// <inheritdoc />
    public async Task<ContentResults> Reprocess(ImageRef image)
    {
        var results = await ProcessAsync(image);
        if (results.SimilarityHash is { } hash)
        {
            await index.AddAsync([new HashIndexEntry(Sha256, hash)]);
        }

        return results;
    }

    private async Task<ContentResults> ProcessAsync(ImageRef image)
    {
        ArgumentNullException.ThrowIfNull(image);
        IReadOnlyList<ProcessorOutcome> outcomes;
        using (images.Acquire(image))
        {
            // Holding a lease for the whole fan-out keeps the shared decode alive between processors that start at different moments.
            outcomes = await ProcessorFanOut.RunAsync(GrainFactory, catalog.Enabled, image, options.Value.ProcessorTimeout);
        }

        // An outage during processing (bytes unreadable from the store, a silo lost) decides nothing about the image:
        // nothing is stored, and the caller answers 503 so the client can retry.
        var lost = outcomes.Where(o => o.Unavailable).ToList();
        if (lost.Count > 0)
        {
            throw new ServiceUnavailableException(Dependency.Cluster, $"Processing could not finish: {string.Join("; ", lost.Select(o => $"{o.Processor}: {o.Error}"))}");
        }

        var s = state.State;
        s.Results = outcomes.Where(o => o.Succeeded).ToDictionary(o => o.Processor, o => o.ResultJson!);
        s.Errors = outcomes.Where(o => !o.Succeeded).ToDictionary(o => o.Processor, o => o.Error!);
        s.ProcessorVersions = CurrentVersions();
        s.Unreadable = outcomes.Any(o => o.ImageUnreadable);
        s.ProcessedOn = string.Join(',', outcomes.Select(o => o.Silo).Where(silo => silo.Length > 0).Distinct(StringComparer.Ordinal));
        if (s.ProcessedOn.Length == 0)
        {
            s.ProcessedOn = RuntimeIdentity;
        }

        s.SimilarityHash = outcomes.FirstOrDefault(o => o.Succeeded && o.SimilarityHash is not null)?.SimilarityHash;
        s.DerivedBlobs.UnionWith(outcomes.SelectMany(o => o.DerivedBlobs ?? []));
        await state.WriteOrReloadAsync(this);
        return Snapshot(fromCache: false);
    }

    /// <inheritdoc />
    public Task<List<string>> References(CancellationToken cancellationToken = default) => Task.FromResult(state.State.References.ToList());

    private List<string> CurrentVersions() => catalog.Enabled.Select(p => $"{p.Name}@{p.Version}").ToList();

    private ContentResults Snapshot(bool fromCache) => new(
        new Dictionary<string, string>(state.State.Results),
        new Dictionary<string, string>(state.State.Errors),
        state.State.ProcessedOn,
        fromCache,
        state.State.Unreadable,
        state.State.SimilarityHash);
}
