using Orleans.Storage;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Grain storage on SQLite with its writes queued, one at a time. SQLite allows one writer; concurrent writers get
/// SQLITE_BUSY, which Microsoft.Data.Sqlite retries by sleeping the calling thread (measured under load: a tenth of all
/// thread time asleep there, blocking the threads grains run on). Waiting here is asynchronous and in arrival order.
/// Reads go straight through: in WAL mode they never wait for the writer.
/// </summary>
public sealed class SingleWriterGrainStorage(IGrainStorage inner) : IGrainStorage, IDisposable
{
    private readonly SemaphoreSlim writer = new(1, 1);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private async Task OneAtATimeAsync(Func<Task> write)
    {
        await writer.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            writer.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => writer.Dispose();
}
