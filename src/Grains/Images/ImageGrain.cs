using ImgProcess.Grains.Content;
using ImgProcess.Grains.Deferred;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Similarity;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace ImgProcess.Grains.Images;

/// <summary>
/// One upload, as one straight line (<see cref="Process"/>): its bytes are in the blob store before it is called;
/// 1 the record is written, pending; 2 the content grain answers results stored for the same bytes, or 3 one processor
/// grain per processor runs, all in parallel, and 4 the content stores their results; 5 the record is written done;
/// 6 the upload is added to its history partition, a pure function of its id, where adding twice keeps one entry. Each
/// step is idempotent, so a caller whose answer was lost calls again and the grain finishes what is missing. The
/// results live with the content alone: a record read is composed from them, so reprocessing one upload updates every
/// upload of the same bytes. Work after the answer (an asynchronous upload's processing, the clean-up of an upload
/// answered 503) runs on a grain timer of this activation.
/// </summary>
[PreferLocalPlacement] // Speed only: on the gateway's own silo, when it has one, its processors find the bytes and decode there.
public sealed partial class ImageGrain(
    [PersistentState("image", StorageNames.Grains)] IPersistentState<ImageState> state,
    IOptions<HistoryOptions> historyOptions,
    IOptions<ProcessingOptions> processingOptions,
    ProcessorCatalog catalog,
    DecodedImageCache images,
    SimilarityIndex index,
    DeferredSlots deferredSlots,
    WebhookSender webhooks,
    ILogger<ImageGrain> logger) : Grain, IImageGrain
{
    // True while the in-memory record holds a change whose write failed: the next call writes it before going on.
    private bool unsaved;

    // The content's results as this activation obtained them.
    private ContentResults? latest;

    // Work after the answer, retried every 2 s for a minute while an outage lasts: an asynchronous upload's processing
    // (taken up again by the next activation) or the clean-up of an upload answered 503.
    private RetryingTimer? background;

    private string Id => this.GetPrimaryKeyString();

    private RetryingTimer Background => background ??= new RetryingTimer(this, TimeSpan.FromSeconds(2), attempts: 30, logger);

    private ContentProcessing Processing => new(GrainFactory, catalog, images, processingOptions.Value.ProcessorTimeout);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // An asynchronous upload whose processing was cut short (a crash) resumes when it is next touched.
        if (state.RecordExists && state.State.Status == ImageStatus.Pending && !state.State.Synchronous)
        {
            Background.Run(ProcessPendingAsync, "Processing");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ImageRecord> Process(ImageUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await RecordPendingAsync(upload, synchronous: true);
        if (state.State.Status == ImageStatus.Pending)
        {
            await ProcessAsync(again: false);
        }

        // An unreadable image is refused (the caller deletes it) and never listed; nor is an upload whose caller gave up
        // (it answered 503, and its clean-up removes the record).
        if (state.State.Status != ImageStatus.Failed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await AddToHistoryAsync();
            await QueueDeferredAsync();
        }

        return await RecordAsync();
    }

    /// <inheritdoc />
    public async Task<ImageRecord> Accept(ImageUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await RecordPendingAsync(upload, synchronous: false);
        cancellationToken.ThrowIfCancellationRequested();
        await AddToHistoryAsync();
        if (state.State.Status == ImageStatus.Pending)
        {
            Background.Run(ProcessPendingAsync, "Processing");
        }

        return await RecordAsync();
    }

    /// <inheritdoc />
    public Task Abandon(string sha256)
    {
        Background.Run(
            async () =>
            {
                if (!await Delete())
                {
                    await GrainFactory.GetGrain<IContentGrain>(sha256).Release(Id);
                }
            },
            "The removal of an upload answered 503");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ImageRecord?> Reprocess(CancellationToken cancellationToken = default)
    {
        if (!IsVisible)
        {
            return null;
        }

        await ProcessAsync(again: true);
        await QueueDeferredAsync();
        return await RecordAsync();
    }

    /// <inheritdoc />
    public async Task RunDeferred()
    {
        if (!state.RecordExists || (state.State.DeferredPending.Count == 0 && !state.State.WebhookPending))
        {
            return;
        }

        if (state.State.DeferredPending.Count > 0)
        {
            await RunDeferredProcessorsAsync();
        }

        // The work is done: the webhooks are told (a receiver that does not take it makes the queue call again).
        if (state.State.WebhookPending)
        {
            await webhooks.DeliverAsync(await RecordAsync());
            state.State.WebhookPending = false;
            await SaveAsync();
        }
    }

    /// <inheritdoc />
    public async Task<bool> Delete(CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        // The history entry first, so a failure part-way leaves a listed upload whole or an unlisted record, never an
        // entry without its record. Once started, a delete runs to its end whatever the caller's deadline.
        var s = state.State;
        var partition = GrainFactory.GetGrain<IHistoryGrain>(s.HistoryPartition);
        await (s.HistorySequence >= 0 ? partition.Remove(s.HistorySequence, Id) : partition.Remove(Id, s.UploadedAt));
        await Content.Release(Id);
        await state.ClearStateAsync(CancellationToken.None);
        DeactivateOnIdle();
        return true;
    }

    /// <inheritdoc />
    public async Task<ImageRecord?> GetRecord(CancellationToken cancellationToken = default) => IsVisible ? await RecordAsync() : null;

    // A synchronous upload is shown once it is processed; an asynchronous one from its acceptance.
    private bool IsVisible => state.RecordExists && !(state.State.Synchronous && state.State.Status == ImageStatus.Pending);

    private IContentGrain Content => GrainFactory.GetGrain<IContentGrain>(state.State.Image!.Sha256);

    // Step 1: the record, pending, durable (or already written by an earlier call of this upload).
    private async Task RecordPendingAsync(ImageUpload upload, bool synchronous)
    {
        if (!state.RecordExists && !unsaved)
        {
            state.State = new ImageState
            {
                OriginalName = upload.OriginalName,
                StoredName = upload.StoredName,
                ContentType = upload.ContentType,
                Image = upload.Image,
                UploadedAt = upload.UploadedAt,
                Status = ImageStatus.Pending,
                Synchronous = synchronous,
                Owner = upload.Owner,
                HistoryPartition = HistoryLayout.PartitionOf(Id, historyOptions.Value.Partitions),
                HistorySequence = -1,
            };
            unsaved = true;
        }

        if (unsaved)
        {
            await SaveAsync();
        }
    }

    // Steps 2 to 5: the results (stored ones, or the processors' stored with the content), then the record, done.
    private async Task ProcessAsync(bool again)
    {
        var results = await Processing.ResultsAsync(Id, state.State.Image!, again);
        latest = results;
        var s = state.State;

        // Failed only on the image's own account: its pixels cannot be decoded. A processor that failed otherwise is an
        // error beside the other results; an outage never gets here (processing throws instead).
        s.Status = results.Unreadable ? ImageStatus.Failed : ImageStatus.Done;
        s.ProcessedAt = DateTimeOffset.UtcNow;

        // The deferred processors whose current version has no result for this content yet: they run after the answer.
        s.DeferredPending = results.Unreadable ? [] : [.. catalog.Deferred.Select(p => p.Name).Except(results.DeferredDone ?? [])];

        // The webhooks hear of every upload that is kept (a synchronous one the image cannot be read of is refused).
        s.WebhookPending = webhooks.Enabled && !(s.Synchronous && s.Status == ImageStatus.Failed);
        s.Deduplicated = results.FromCache;
        (s.Results, s.Errors, s.ProcessedOn, s.SimilarityHash) = ([], [], null, null);
        await SaveAsync();
        LogProcessed(Id, s.Status, results.Results.Count, results.Errors.Count, s.Deduplicated);
    }

    // Step 6: the entry in the upload's partition (the same one on every call: adding twice keeps one entry). The
    // entry carries the perceptual hash, which the partition hands to the similarity index after the answer.
    private Task AddToHistoryAsync()
    {
        var s = state.State;
        var entry = new HistoryEntry(Id, s.StoredName, s.OriginalName, s.UploadedAt) { Sha256 = s.Image!.Sha256, PerceptualHash = latest?.SimilarityHash };
        return s.HistorySequence >= 0 ? Task.CompletedTask : GrainFactory.GetGrain<IHistoryGrain>(s.HistoryPartition).Add(entry);
    }

    private async Task RunDeferredProcessorsAsync()
    {
        var image = state.State.Image!;
        var processors = catalog.Deferred.Where(p => state.State.DeferredPending.Contains(p.Name)).ToList();
        var outcomes = await Task.WhenAll(processors.Select(p =>
            deferredSlots.RunAsync(() => ProcessorFanOut.RunOneAsync(GrainFactory, p.Name, image, processingOptions.Value.ProcessorTimeout))));

        // Each finished one is stored with the content, then struck off; one lost to an outage stays pending.
        foreach (var outcome in outcomes.Where(o => !o.Unavailable))
        {
            await Content.StoreDeferred(outcome);
            state.State.DeferredPending.Remove(outcome.Processor);
        }

        // A processor switched off (or moved inline) since the upload was queued has nothing left to run.
        state.State.DeferredPending.RemoveAll(name => catalog.RunsOf(name) != Processors.ProcessorRuns.Deferred || !catalog.TryGet(name, out _));
        latest = null;
        await SaveAsync();
        if (outcomes.FirstOrDefault(o => o.Unavailable) is { } lost)
        {
            throw new ServiceUnavailableException(Dependency.Cluster, $"Deferred processor {lost.Processor} could not finish: {lost.Error}");
        }

        LogDeferredDone(Id, outcomes.Length);
    }

    // Step 7, when deferred processors or webhooks remain: the upload in its partition's deferred queue (queued twice,
    // kept once).
    private Task QueueDeferredAsync() => state.State.DeferredPending.Count == 0 && !state.State.WebhookPending
        ? Task.CompletedTask
        : GrainFactory.GetGrain<IDeferredQueueGrain>(state.State.HistoryPartition).Enqueue(Id, DateTimeOffset.UtcNow);

    // An asynchronous upload, listed before it had a hash: indexed here once processed.
    private async Task ProcessPendingAsync()
    {
        if (state.RecordExists && state.State.Status == ImageStatus.Pending)
        {
            await ProcessAsync(again: false);
            if (state.State.Status == ImageStatus.Done && latest?.SimilarityHash is { } hash)
            {
                await index.AddAsync([new HashIndexEntry(state.State.Image!.Sha256, hash)]);
            }

            await QueueDeferredAsync();
        }
    }

    private async Task SaveAsync()
    {
        unsaved = true;
        await state.WriteOrKeepAsync(this);
        unsaved = false;
    }

    private async Task<ImageRecord> RecordAsync() =>
        ImageRecords.Compose(Id, state.State, state.State.Status == ImageStatus.Pending ? null : latest ??= await Content.GetResults(), [.. catalog.Deferred.Select(p => p.Name)]);

    // One line per upload; with JSON logs its scope carries the trace id of the HTTP request that uploaded it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} processed: {Status}, {Results} results, {Errors} errors, deduplicated {Deduplicated}")]
    private partial void LogProcessed(string imageId, ImageStatus status, int results, int errors, bool deduplicated);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId}: {Count} deferred processors ran")]
    private partial void LogDeferredDone(string imageId, int count);
}
