using Orleans.Storage;

namespace ImgProcess.Grains.Faults;

/// <summary>
/// Grain storage whose outages surface as <see cref="ServiceUnavailableException"/>. The ADO.NET provider lets the
/// driver's exceptions through (NpgsqlException, PostgresException, SqliteException), which Orleans cannot serialize
/// back to a caller on another silo or a client; a version conflict stays <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class UnavailabilityTranslatingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => inner.ReadStateAsync(stateName, grainId, grainState), "read", stateName, grainId);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => inner.WriteStateAsync(stateName, grainId, grainState), "write", stateName, grainId);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(() => inner.ClearStateAsync(stateName, grainId, grainState), "clear", stateName, grainId);

    private static async Task TranslateAsync(Func<Task> operation, string verb, string stateName, GrainId grainId)
    {
        try
        {
            await operation();
        }
        // The provider's exception is not attached: its type may have no Orleans codec. Its type and message are kept.
        catch (Exception e) when (e is not (InconsistentStateException or ServiceUnavailableException)
            && Unavailability.Classify(e, Dependency.Database) == Dependency.Database)
        {
            throw new ServiceUnavailableException(Dependency.Database, $"The database did not {verb} the {stateName} state of {grainId}: {e.GetType().Name}: {e.Message}");
        }
    }
}
