using ImgProcess.Grains.Storage;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Images;

/// <summary>
/// One upload. Processing order: history entry first (so the upload is listed even while it is processed),
/// then every processor in parallel, then one state write; the caller's answer waits for all three, so a
/// 200 means the bytes, the record and the history entry are durable.
/// </summary>
public sealed class ImageGrain(
    [PersistentState("image", StorageNames.Grains)] IPersistentState<ImageState> state,
    ProcessorCatalog catalog,
    DecodedImageCache images,
    IOptions<ProcessingOptions> options) : Grain, IImageGrain
{
    /// <inheritdoc />
    public async Task<ImageRecord> Process(ImageUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (state.RecordExists && state.State.Status != ImageStatus.Processing)
        {
            return ToRecord();
        }

        var id = this.GetPrimaryKeyString();
        var sequence = state.RecordExists
            ? state.State.HistorySequence
            : await GrainFactory.GetGrain<IHistoryGrain>(HistoryLayout.HeadKey)
                .Add(new HistoryEntry(id, upload.StoredName, upload.OriginalName, upload.UploadedAt));

        state.State = new ImageState
        {
            OriginalName = upload.OriginalName,
            StoredName = upload.StoredName,
            ContentType = upload.ContentType,
            Image = upload.Image,
            UploadedAt = upload.UploadedAt,
            Status = ImageStatus.Processing,
            HistorySequence = sequence,
        };

        // Holding a lease for the whole fan-out keeps the shared decode alive between processors that start at different moments.
        using (images.Acquire(upload.Image))
        {
            var outcomes = await ProcessorFanOut.RunAsync(GrainFactory, catalog.Enabled, upload.Image, options.Value.ProcessorTimeout);
            Apply(outcomes);
        }

        await state.WriteOrReloadAsync(this);
        return ToRecord();
    }

    /// <inheritdoc />
    public Task<ImageRecord?> GetRecord() => Task.FromResult(state.RecordExists ? ToRecord() : null);

    private void Apply(IReadOnlyList<ProcessorOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            if (outcome.Succeeded)
            {
                state.State.Results[outcome.Processor] = outcome.ResultJson!;
            }
            else
            {
                state.State.Errors[outcome.Processor] = outcome.Error!;
            }
        }

        state.State.Status = ImageStatus.Done;
        state.State.ProcessedAt = DateTimeOffset.UtcNow;
        // Where the processors actually ran: normally this silo alone, since processor grains are local stateless workers.
        var silos = outcomes.Select(o => o.Silo).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        state.State.ProcessedOn = silos.Count == 0 ? RuntimeIdentity : string.Join(',', silos);
    }

    private ImageRecord ToRecord()
    {
        var s = state.State;
        return new ImageRecord(
            this.GetPrimaryKeyString(),
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
            s.ProcessedOn);
    }
}
