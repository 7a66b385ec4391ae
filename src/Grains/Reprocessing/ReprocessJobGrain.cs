using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace ImgProcess.Grains.Reprocessing;

/// <summary>
/// Walks the history from newest to oldest in batches on a grain timer, reprocessing each image; the cursor and
/// the counts are persisted after every batch, so a backfill survives a restart and resumes where it was.
/// </summary>
public sealed partial class ReprocessJobGrain(
    [PersistentState("reprocess-job", StorageNames.Grains)] IPersistentState<ReprocessJobState> state,
    HistoryReader history,
    ILogger<ReprocessJobGrain> logger) : Grain, IReprocessJobGrain
{
    private const int BatchSize = 16;
    private IGrainTimer? timer;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status == "running")
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ReprocessProgress> Start(CancellationToken cancellationToken = default)
    {
        if (state.State.Status != "running")
        {
            var newest = await history.GetNewestAsync(0, 1, cancellationToken);
            state.State = new ReprocessJobState
            {
                Status = "running",
                Total = newest.Total,
                CursorKey = newest.Entries.Count == 0 ? 0 : newest.Entries[0].OrderKey + 1,
                StartedAt = DateTimeOffset.UtcNow,
            };
            await state.WriteOrReloadAsync(this);
            StartTimer();
        }

        return ToProgress();
    }

    /// <inheritdoc />
    public Task<ReprocessProgress> Progress(CancellationToken cancellationToken = default) => Task.FromResult(ToProgress());

    private void StartTimer() =>
        timer ??= this.RegisterGrainTimer(RunBatchAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)) { KeepAlive = true, Interleave = false });

    private async Task RunBatchAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.CursorKey == 0 && s.Cursor > 0)
        {
            // A backfill started before the history had keys: its cursor was a sequence number of the one list.
            s.CursorKey = HistoryLayout.LegacyKey(s.Cursor);
        }

        var batch = await history.GetOlderThanAsync(s.CursorKey, BatchSize, cancellationToken);
        var outcomes = await Task.WhenAll(batch.Entries.Select(async entry =>
        {
            try
            {
                return await GrainFactory.GetGrain<IImageGrain>(entry.ImageId).Reprocess(cancellationToken) is not null;
            }
#pragma warning disable CA1031 // One image that cannot be reprocessed is counted, not fatal to the backfill.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(e, entry.ImageId);
                return false;
            }
        }));

        s.Processed += outcomes.Count(ok => ok);
        s.Failed += outcomes.Count(ok => !ok);
        if (batch.Entries.Count < BatchSize)
        {
            s.Status = "completed";
            s.FinishedAt = DateTimeOffset.UtcNow;
            timer?.Dispose();
            timer = null;
        }
        else
        {
            s.CursorKey = batch.Entries[^1].OrderKey;
        }

        await state.WriteOrReloadAsync(this);
    }

    private ReprocessProgress ToProgress() =>
        new(state.State.Status, state.State.Total, state.State.Processed, state.State.Failed, state.State.StartedAt, state.State.FinishedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reprocessing image {ImageId} failed")]
    private partial void LogFailed(Exception exception, string imageId);
}
