using ImgProcess.Grains.Content;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Similarity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace ImgProcess.Grains.Images;

/// <summary>
/// One upload. Order: the results — the upload's <see cref="IContentGrain"/> answers from stored ones when the same bytes
/// were processed before, else this grain calls one processor grain per processor in parallel and the content grain
/// stores what they gave (<see cref="ContentProcessing"/>); the record, pending, is written while they run — then the
/// history entry in one partition (<see cref="HistoryListing"/>, appended while the content stores new results), then
/// the record with its status and the entry's position: an upload is listed only once its record is durable, so the
/// history never holds an entry without one, and shown only once the record points to its entry. The entry carries the perceptual hash, which the partition hands to the similarity index
/// after the answer. Asynchronous uploads are recorded and listed as pending first and processed (and indexed) after.
/// Every grain this touches is keyed by the upload or its content, or is the one partition it is listed in. The results
/// live with the content alone: a record read is composed from them, so reprocessing one upload updates every upload
/// of the same bytes.
/// </summary>
[PreferLocalPlacement] // The gateway's own silo, when it has one: the bytes and their decode are already there.
public sealed partial class ImageGrain(
    [PersistentState("image", StorageNames.Grains)] IPersistentState<ImageState> state,
    IOptions<HistoryOptions> historyOptions,
    IOptions<ProcessingOptions> processingOptions,
    ProcessorCatalog catalog,
    DecodedImageCache images,
    SimilarityIndex index,
    ILogger<ImageGrain> logger) : Grain, IImageGrain
{
    private static readonly TimeSpan[] PendingRetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    // True while the in-memory state holds a change whose write failed: the next call writes it before going on.
    private bool unsaved;

    // The content's results as this activation last obtained them, for the answer of the call that obtained them.
    private ContentResults? latest;

    private HistoryListing? listing;

    // The history append started beside the content's write of new results, for ListAsync to take its position.
    private Task<HistoryPosition>? appended;

    private string Id => this.GetPrimaryKeyString();

    private ContentProcessing? processing;

    private HistoryListing Listing => listing ??= new HistoryListing(GrainFactory, historyOptions.Value, Id);

    private ContentProcessing Processing => processing ??= new ContentProcessing(GrainFactory, catalog, images, processingOptions.Value.ProcessorTimeout);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // An upload accepted asynchronously whose processing was cut short (a crash) resumes when it is next touched.
        if (state.RecordExists && state.State.Status == ImageStatus.Pending && !state.State.Unlisted)
        {
            _ = this.AsReference<IImageGrain>().ProcessPending();
        }

        // An earlier activation may have stored a history entry without learning where.
        if (state.RecordExists && state.State.Unlisted)
        {
            Listing.AssumeUnknownCopiesInEveryCandidate();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ImageRecord> Process(ImageUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);

        // Bytes the gateway's silo is still writing: its intake holds a lease here with the write, awaited before the upload
        // is listed, until this call returns. Without it this activation is on another silo (the gateway's was stopping)
        // or the intake has given up (its write failed): either way nothing here may go on.
        var bytesWrite = upload.BytesWriting ? images.BytesWrite(upload.Image, Id) : null;
        if (upload.BytesWriting && bytesWrite is null)
        {
            throw new Faults.ServiceUnavailableException(Faults.Dependency.Cluster, "The upload's bytes are being written on another silo, or their write was abandoned.");
        }

        if (state.State.Image is null)
        {
            Start(upload);

            // The pending record is written while the processors run: the history entry needs a durable record before
            // it, and the write with the entry's position then carries the results' status too (one write fewer after them).
            await ProcessAsync(recordWrite: SaveAsync(), bytesWrite, cancellationToken);
        }
        else if (state.State.Status == ImageStatus.Pending)
        {
            await ProcessAsync(recordWrite: null, bytesWrite, cancellationToken);
        }

        if (bytesWrite is not null)
        {
            await bytesWrite;
        }

        // A record about to be listed whose earlier version is durable is written once, with its entry's position.
        var listingWritesIt = state.State.Status == ImageStatus.Done && state.State.Unlisted && state.RecordExists;
        if (unsaved && !listingWritesIt)
        {
            await SaveAsync();
        }

        // An unreadable image is refused (the caller deletes it), so it is never listed. A caller that gave up (its
        // deadline passed) has answered 503: the upload stays unlisted rather than appear after that answer.
        if (state.State.Status == ImageStatus.Failed)
        {
            return await RecordAsync();
        }

        if (cancellationToken.IsCancellationRequested)
        {
            await ForgetAppendedAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        await ListAsync();
        return await RecordAsync();
    }

    /// <inheritdoc />
    public async Task<ImageRecord> Accept(ImageUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (state.State.Image is null)
        {
            Start(upload);
            await SaveAsync();
        }
        else if (unsaved)
        {
            await SaveAsync();
        }

        cancellationToken.ThrowIfCancellationRequested();
        await ListAsync();
        _ = this.AsReference<IImageGrain>().ProcessPending();
        return await RecordAsync();
    }

    /// <inheritdoc />
    public async Task ProcessPending()
    {
        if (state.State.Image is null || state.State.Status != ImageStatus.Pending || state.State.Unlisted)
        {
            return;
        }

        // Background work: an outage is retried a few times, then left pending for the next activation.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Apply(await Processing.ResultsAsync(Id, state.State.Image!, again: false));

                // Listed before it had a hash, so its history entry carries none: index it before it is done.
                if (state.State.Status == ImageStatus.Done && latest?.SimilarityHash is { } hash)
                {
                    await index.AddAsync([new HashIndexEntry(state.State.Image!.Sha256, hash)]);
                }

                await SaveAsync();
                LogProcessed(Id, state.State.Status, latest!.Results.Count, latest.Errors.Count, state.State.Deduplicated);
                return;
            }
            catch (Exception e) when (attempt < PendingRetryDelays.Length && Faults.Unavailability.Classify(e) is not null)
            {
                await Task.Delay(PendingRetryDelays[attempt]);
            }
        }
    }

    // The results of the processors (or of identical content processed before), applied to the record in memory once
    // `recordWrite` (the record's first write, when one runs) is done; the caller writes it, with its listing if any.
    // New results of an image that reads are stored while the upload's history entry is appended (one wait for a
    // durable write fewer): the entry is not shown until the record carries its position, which ListAsync writes after both.
    private async Task ProcessAsync(Task? recordWrite, Task? bytesWrite, CancellationToken cancellationToken)
    {
        ContentRun run;
        try
        {
            run = await Processing.RunAsync(Id, state.State.Image!, again: false);
        }
        finally
        {
            if (recordWrite is not null)
            {
                await recordWrite;
            }
        }

        if (run.Stored is null && !run.Unreadable && state.State.Unlisted && state.RecordExists && !cancellationToken.IsCancellationRequested)
        {
            // Never listed before its bytes are.
            if (bytesWrite is not null)
            {
                await bytesWrite;
            }

            appended = Listing.AppendAsync(NewEntry(run.SimilarityHash));
        }

        ContentResults results;
        try
        {
            results = await run.ResultsAsync();
        }
        catch
        {
            await ForgetAppendedAsync();
            throw;
        }

        Apply(results);
        unsaved = true;
        LogProcessed(Id, state.State.Status, latest!.Results.Count, latest.Errors.Count, state.State.Deduplicated);
    }

    // An append started beside the results whose position the record will not carry: its entry is removed before any other.
    private async Task ForgetAppendedAsync()
    {
        if (appended is { } started)
        {
            appended = null;
            await Listing.ForgetAsync(started);
        }
    }

    // One line per upload; with JSON logs its scope carries the trace id of the HTTP request that uploaded it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} processed: {Status}, {Results} results, {Errors} errors, deduplicated {Deduplicated}")]
    private partial void LogProcessed(string imageId, ImageStatus status, int results, int errors, bool deduplicated);

    /// <inheritdoc />
    public async Task<ImageRecord?> Reprocess(CancellationToken cancellationToken = default)
    {
        if (!IsListed)
        {
            return null;
        }

        Apply(await Processing.ResultsAsync(Id, state.State.Image!, again: true));
        await SaveAsync();
        return await RecordAsync();
    }

    /// <inheritdoc />
    public async Task<bool> Delete(CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        // The history entry first, so a failure part-way leaves a listed upload whole or an unlisted record, never an
        // entry without its record. An unlisted upload's append may have been stored although it failed for this grain.
        await Listing.RemoveAsync(state.State.Unlisted ? null : Position);

        // Once started, a delete runs to its end whatever the caller's deadline: a half delete would help no one.
        await Content.Release(Id);
        await state.ClearStateAsync(CancellationToken.None);
        DeactivateOnIdle();
        return true;
    }

    /// <inheritdoc />
    public async Task<ImageRecord?> GetRecord(CancellationToken cancellationToken = default) =>
        IsListed ? ToRecord(state.State.Status == ImageStatus.Pending ? null : await Content.GetResults()) : null;

    private bool IsListed => state.RecordExists && !state.State.Unlisted;

    private IContentGrain Content => GrainFactory.GetGrain<IContentGrain>(state.State.Image!.Sha256);

    // The record in memory, status pending, not yet listed.
    private void Start(ImageUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        state.State = new ImageState
        {
            OriginalName = upload.OriginalName,
            StoredName = upload.StoredName,
            ContentType = upload.ContentType,
            Image = upload.Image,
            UploadedAt = upload.UploadedAt,
            Status = ImageStatus.Pending,
            Unlisted = true,
        };
    }

    // The history entry (unless ProcessAsync started it), after the record is durable; then the record again with its position. Should that second
    // write fail, the activation keeps the position in memory and the next write (a retry) carries it.
    private async Task ListAsync()
    {
        if (!state.State.Unlisted)
        {
            return;
        }

        var s = state.State;
        var started = appended;
        appended = null;
        var position = await (started ?? Listing.AppendAsync(NewEntry(HashOf(await ResultsOfThisCallAsync()))));
        (s.HistoryPartition, s.HistorySequence, s.HistoryKey) = (position.Partition, position.Sequence, position.Key);
        s.Unlisted = false;
        await SaveAsync();
    }

    private HistoryEntry NewEntry(ulong? perceptualHash)
    {
        var s = state.State;
        return new HistoryEntry(Id, s.StoredName, s.OriginalName, s.UploadedAt) { Sha256 = s.Image!.Sha256, PerceptualHash = perceptualHash };
    }

    private HistoryPosition Position
    {
        get
        {
            var s = state.State;
            return new HistoryPosition(s.HistoryPartition, s.HistorySequence, s.HistoryKey != 0 ? s.HistoryKey : HistoryLayout.LegacyKey(s.HistorySequence));
        }
    }

    // The hash of `results`; without them, a record's from before results lived only with the content (the oldest
    // carry it only in the perceptual hash's JSON).
    private ulong? HashOf(ContentResults? results) => results is not null ? results.SimilarityHash : state.State.SimilarityHash
        ?? (PerceptualHashProcessor.TryReadResult(state.State.Results.GetValueOrDefault(PerceptualHashProcessor.DisplayName), out var hash) ? hash : null);

    private async Task SaveAsync()
    {
        unsaved = true;
        await state.WriteOrKeepAsync(this);
        unsaved = false;
    }

    // The results stay with the content (the record is composed from them when read); the upload keeps only its own facts.
    private void Apply(ContentResults results)
    {
        latest = results;
        var s = state.State;
        // Failed only on the image's own account: its pixels cannot be decoded. A processor that failed otherwise is an
        // error beside the other results; an outage never gets here (processing throws instead).
        s.Status = results.Unreadable ? ImageStatus.Failed : ImageStatus.Done;
        s.ProcessedAt = DateTimeOffset.UtcNow;
        s.Deduplicated = results.FromCache;
        (s.Results, s.Errors, s.ProcessedOn, s.SimilarityHash) = ([], [], null, null);
    }

    private async Task<ImageRecord> RecordAsync() => ToRecord(await ResultsOfThisCallAsync());

    // The content's results as this call obtained them (none while pending); a call that did not obtain them (a retry
    // after a crash between the record and its entry, or after a lost answer) reads them from the content.
    private async Task<ContentResults?> ResultsOfThisCallAsync() =>
        state.State.Status == ImageStatus.Pending ? null : latest ??= await Content.GetResults();

    // The record with `results`; without them (pending, or a content with none: a record from before results lived
    // there), with the copy the record kept.
    private ImageRecord ToRecord(ContentResults? results)
    {
        var s = state.State;
        return new ImageRecord(
            Id,
            s.OriginalName,
            s.StoredName,
            s.ContentType,
            s.Image!,
            s.UploadedAt,
            s.Status,
            new Dictionary<string, string>(results?.Results ?? s.Results),
            new Dictionary<string, string>(results?.Errors ?? s.Errors),
            s.ProcessedAt,
            Position,
            results?.ProcessedOn ?? s.ProcessedOn)
        {
            Deduplicated = s.Deduplicated,
            SimilarityHash = HashOf(results),
        };
    }
}
