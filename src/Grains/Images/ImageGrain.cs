using ImgProcess.Grains.Content;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace ImgProcess.Grains.Images;

/// <summary>
/// One upload. Order: record and history entry first (so an upload is listed, as pending, while it is processed),
/// then the processors through the upload's <see cref="IContentGrain"/> (which answers from stored results when the
/// same bytes were processed before), then one state write. A synchronous caller's answer waits for all of it.
/// </summary>
public sealed partial class ImageGrain(
    [PersistentState("image", StorageNames.Grains)] IPersistentState<ImageState> state,
    ILogger<ImageGrain> logger) : Grain, IImageGrain
{
    private string Id => this.GetPrimaryKeyString();

    private IHistoryGrain History => GrainFactory.GetGrain<IHistoryGrain>(HistoryLayout.HeadKey);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // An upload accepted asynchronously whose processing was cut short (a crash) resumes when it is next touched.
        if (state.RecordExists && state.State.Status == ImageStatus.Pending)
        {
            _ = this.AsReference<IImageGrain>().ProcessPending();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ImageRecord> Process(ImageUpload upload)
    {
        // Synchronous path: one state write, after processing. Until then only the history entry exists, and the
        // listing skips entries without a record, so a crash in between leaves nothing half-visible.
        if (state.State.Image is null)
        {
            await Record(upload);
        }

        await ProcessPending();
        return ToRecord();
    }

    /// <inheritdoc />
    public async Task<ImageRecord> Accept(ImageUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (state.RecordExists)
        {
            return ToRecord();
        }

        await Record(upload);
        await state.WriteOrReloadAsync(this);
        _ = this.AsReference<IImageGrain>().ProcessPending();
        return ToRecord();
    }

    /// <inheritdoc />
    public async Task ProcessPending()
    {
        if (state.State.Image is null || state.State.Status != ImageStatus.Pending)
        {
            return;
        }

        var results = await Content.GetOrProcess(state.State.Image!);
        Apply(results);
        await state.WriteOrReloadAsync(this);
        LogProcessed(Id, state.State.Status, state.State.Results.Count, state.State.Errors.Count, state.State.Deduplicated);
    }

    // One line per upload; with JSON logs its scope carries the trace id of the HTTP request that uploaded it.
    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} processed: {Status}, {Results} results, {Errors} errors, deduplicated {Deduplicated}")]
    private partial void LogProcessed(string imageId, ImageStatus status, int results, int errors, bool deduplicated);

    /// <inheritdoc />
    public async Task<ImageRecord?> Reprocess()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        Apply(await Content.Reprocess(state.State.Image!));
        await state.WriteOrReloadAsync(this);
        return ToRecord();
    }

    /// <inheritdoc />
    public async Task<bool> Delete()
    {
        if (!state.RecordExists)
        {
            return false;
        }

        await History.Remove(state.State.HistorySequence, Id);
        await Content.Release(Id);
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return true;
    }

    /// <inheritdoc />
    public Task<ImageRecord?> GetRecord() => Task.FromResult(state.RecordExists ? ToRecord() : null);

    private IContentGrain Content => GrainFactory.GetGrain<IContentGrain>(state.State.Image!.Sha256);

    // The history entry (durable) and the record in memory, status pending.
    private async Task Record(ImageUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var sequence = await History.Add(new HistoryEntry(Id, upload.StoredName, upload.OriginalName, upload.UploadedAt));
        state.State = new ImageState
        {
            OriginalName = upload.OriginalName,
            StoredName = upload.StoredName,
            ContentType = upload.ContentType,
            Image = upload.Image,
            UploadedAt = upload.UploadedAt,
            Status = ImageStatus.Pending,
            HistorySequence = sequence,
        };
    }

    private void Apply(ContentResults results)
    {
        var s = state.State;
        s.Results = new Dictionary<string, string>(results.Results);
        s.Errors = new Dictionary<string, string>(results.Errors);
        s.Status = results.Unreadable || (results.Results.Count == 0 && results.Errors.Count > 0) ? ImageStatus.Failed : ImageStatus.Done;
        s.ProcessedAt = DateTimeOffset.UtcNow;
        s.ProcessedOn = results.ProcessedOn;
        s.Deduplicated = results.FromCache;
    }

    private ImageRecord ToRecord()
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
            new Dictionary<string, string>(s.Results),
            new Dictionary<string, string>(s.Errors),
            s.ProcessedAt,
            s.HistorySequence,
            s.ProcessedOn)
        {
            Deduplicated = s.Deduplicated,
        };
    }
}
