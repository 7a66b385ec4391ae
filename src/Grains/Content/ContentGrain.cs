using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Content;

/// <summary>
/// The cache and reference count of one content: which uploads hold it, and the results its processors gave (run by
/// the upload's image grain). Calls are serialised per content, so an upload that acquires the content and a delete
/// that releases it can never interleave: the bytes are deleted only while no upload holds them.
/// </summary>
public sealed class ContentGrain(
    [PersistentState("content", StorageNames.Grains)] IPersistentState<ContentState> state,
    ProcessorCatalog catalog,
    IBlobStore blobs,
    SimilarityIndex index) : Grain, IContentGrain
{
    // A reference added in memory only, for an upload that processes next: written with its results (one write per
    // upload of new bytes instead of two). Lost with the activation, which is why GetStored and Store add it again.
    private bool referencesUnsaved;

    private string Sha256 => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<bool> Acquire(string imageId, bool writeWithResults = false, CancellationToken cancellationToken = default)
    {
        var processed = HasCurrentResults();
        if (state.State.References.Add(imageId))
        {
            if (writeWithResults && !processed)
            {
                referencesUnsaved = true;
            }
            else
            {
                await WriteAsync();
            }
        }

        return processed;
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
    public async Task<ContentResults?> GetStored(string imageId)
    {
        if (!HasCurrentResults())
        {
            return null;
        }

        if (state.State.References.Add(imageId) || referencesUnsaved)
        {
            await WriteAsync();
        }

        return Snapshot(fromCache: true);
    }

    /// <inheritdoc />
    public Task<ContentResults?> GetResults() => Task.FromResult(state.State.ProcessorVersions.Count > 0 ? Snapshot(fromCache: true) : null);

    /// <inheritdoc />
    public async Task<ContentResults> Store(string imageId, List<ProcessorOutcome> outcomes, bool reindex)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var s = state.State;
        s.References.Add(imageId);
        s.Results = outcomes.Where(o => o.Succeeded).ToDictionary(o => o.Processor, o => o.ResultJson!);
        s.Errors = outcomes.Where(o => !o.Succeeded).ToDictionary(o => o.Processor, o => o.Error!);
        s.ProcessorVersions = CurrentVersions();
        s.Unreadable = outcomes.Any(o => o.ImageUnreadable);
        s.ProcessedOn = string.Join(',', outcomes.Select(o => o.Silo).Where(silo => silo.Length > 0).Distinct(StringComparer.Ordinal));
        if (s.ProcessedOn.Length == 0)
        {
            s.ProcessedOn = RuntimeIdentity;
        }

        s.SimilarityHash = ProcessorOutcome.SimilarityHashOf(outcomes);
        s.DerivedBlobs.UnionWith(outcomes.SelectMany(o => o.DerivedBlobs ?? []));
        await WriteAsync();

        // A new upload's hash reaches the similarity index through its history entry, after the upload is answered;
        // results computed again (reprocessing) are indexed here.
        if (reindex && s.SimilarityHash is { } hash)
        {
            await index.AddAsync([new HashIndexEntry(Sha256, hash)]);
        }

        return Snapshot(fromCache: false);
    }

    /// <inheritdoc />
    public Task<List<string>> References(CancellationToken cancellationToken = default) => Task.FromResult(state.State.References.ToList());

    private async Task WriteAsync()
    {
        await state.WriteOrReloadAsync(this);
        referencesUnsaved = false;
    }

    private bool HasCurrentResults() => state.State.ProcessorVersions.Count > 0 && state.State.ProcessorVersions.SequenceEqual(CurrentVersions());

    private List<string> CurrentVersions() => catalog.Enabled.Select(p => $"{p.Name}@{p.Version}").ToList();

    private ContentResults Snapshot(bool fromCache) => new(
        new Dictionary<string, string>(state.State.Results),
        new Dictionary<string, string>(state.State.Errors),
        state.State.ProcessedOn,
        fromCache,
        state.State.Unreadable,
        state.State.SimilarityHash);
}
