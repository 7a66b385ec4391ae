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
    SimilarityIndex index,
    LookIndex looks,
    TextSearch.TextIndex texts) : Grain, IContentGrain
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

        // The inline processors' results replace theirs; the deferred ones' stay until they run again (a reprocess
        // clears their versions, so the image grain queues them).
        var deferred = catalog.Deferred.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        s.Results = s.Results.Where(r => deferred.Contains(r.Key)).Concat(outcomes.Where(o => o.Succeeded).Select(o => KeyValuePair.Create(o.Processor, o.ResultJson!))).ToDictionary();
        s.Errors = s.Errors.Where(r => deferred.Contains(r.Key)).Concat(outcomes.Where(o => !o.Succeeded).Select(o => KeyValuePair.Create(o.Processor, o.Error!))).ToDictionary();
        if (reindex)
        {
            s.DeferredVersions.Clear();
        }

        s.ProcessorVersions = CurrentVersions();
        s.Unreadable = outcomes.Any(o => o.ImageUnreadable);
        s.ProcessedOn = string.Join(',', outcomes.Select(o => o.Silo).Where(silo => silo.Length > 0).Distinct(StringComparer.Ordinal));
        if (s.ProcessedOn.Length == 0)
        {
            s.ProcessedOn = RuntimeIdentity;
        }

        s.SimilarityHash = ProcessorOutcome.SimilarityHashOf(outcomes);
        s.DerivedBlobs.UnionWith(outcomes.SelectMany(o => o.DerivedBlobs ?? []));

        // Text and vectors (vision processors moved inline) are indexed before the results count as stored.
        await IndexAsync(outcomes);
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
    public async Task StoreDeferred(ProcessorOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);

        // Indexed first: a run whose text or vector could not be indexed is not marked done, and runs again.
        await IndexAsync([outcome]);
        var s = state.State;
        (outcome.Succeeded ? s.Errors : s.Results).Remove(outcome.Processor);
        if (outcome.Succeeded)
        {
            s.Results[outcome.Processor] = outcome.ResultJson!;
        }
        else
        {
            s.Errors[outcome.Processor] = outcome.Error!;
        }

        s.DerivedBlobs.UnionWith(outcome.DerivedBlobs ?? []);
        s.DeferredVersions.RemoveAll(v => v.StartsWith(outcome.Processor + "@", StringComparison.Ordinal));
        if (catalog.TryGet(outcome.Processor, out var processor))
        {
            s.DeferredVersions.Add($"{processor.Name}@{processor.Version}");
        }

        await WriteAsync();
    }

    /// <inheritdoc />
    public Task<List<string>> References(CancellationToken cancellationToken = default) => Task.FromResult(state.State.References.ToList());

    // The embeddings and text the results declare go to their indexes (idempotently) before the results are written: a
    // failure here fails the call before anything is marked done, and the processor runs (and indexes) again.
    private Task IndexAsync(IEnumerable<ProcessorOutcome> outcomes) => Task.WhenAll(outcomes.Where(o => o.Succeeded).SelectMany(o => new[]
    {
        o.LookVector is { } vector ? looks.AddAsync(Sha256, vector) : Task.CompletedTask,
        o.SearchText is { } text ? texts.AddAsync(Sha256, text) : Task.CompletedTask,
    }));

    private async Task WriteAsync()
    {
        await state.WriteOrReloadAsync(this);
        referencesUnsaved = false;
    }

    private bool HasCurrentResults() => state.State.ProcessorVersions.Count > 0 && state.State.ProcessorVersions.SequenceEqual(CurrentVersions());

    private List<string> CurrentVersions() => catalog.Inline.Select(p => $"{p.Name}@{p.Version}").ToList();

    private List<string> DeferredDone() =>
        catalog.Deferred.Where(p => state.State.DeferredVersions.Contains($"{p.Name}@{p.Version}")).Select(p => p.Name).ToList();

    private ContentResults Snapshot(bool fromCache) => new(
        new Dictionary<string, string>(state.State.Results),
        new Dictionary<string, string>(state.State.Errors),
        state.State.ProcessedOn,
        fromCache,
        state.State.Unreadable,
        state.State.SimilarityHash,
        DeferredDone());
}
