using System.Globalization;
using System.Runtime.InteropServices;
using ImgProcess.Grains.Telemetry;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Grain storage on SQLite: the schema's <c>GrainState</c> rows, the same rows, keys, payloads and versions as Orleans'
/// ADO.NET provider reads and writes through the schema's <c>OrleansQuery</c> statements (either can open a database
/// the other wrote). Ours because of the writes: they go through <see cref="SqliteStateWriter"/>, which commits every
/// write that arrived during the previous commit in one transaction, where the provider commits each on its own
/// (a commit and a WAL sync per write, one after another). A write still completes only once it is on disk.
/// </summary>
/// <remarks>
/// Versions are the ETag, as in the provider: a write or clear whose ETag is not the row's version is refused with
/// <see cref="InconsistentStateException"/>; clearing deletes the row. Reads run on the caller's thread on a pooled
/// connection (WAL: they never wait for the writer).
/// </remarks>
public sealed class SqliteGrainStorage(string connectionString, string serviceId, IGrainStorageSerializer serializer, IActivatorProvider activators, ImgProcessMetrics? metrics)
    : IGrainStorage, IDisposable
{
    private readonly SqliteStateWriter writer = new(connectionString, metrics);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var row = SqliteStateStatements.Read(connectionString, GrainStateKey.Of(serviceId, stateName, grainId));
        grainState.State = row?.Payload is { } payload ? serializer.Deserialize<T>(new BinaryData(payload)) : New<T>();
        grainState.ETag = row?.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = row is not null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = VersionOf(grainState.ETag);
        var change = new StateChange(expected is null ? StateChangeKind.Insert : StateChangeKind.Update,
            GrainStateKey.Of(serviceId, stateName, grainId), expected, Serialize(grainState.State));
        var version = await writer.WriteAsync(change) ?? throw Conflict("write", change);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (!grainState.RecordExists)
        {
            // As the provider does: a state the caller has not seen stored may still be there (another activation's).
            await ReadStateAsync(stateName, grainId, grainState);
            if (!grainState.RecordExists)
            {
                return;
            }
        }

        var change = new StateChange(StateChangeKind.Delete, GrainStateKey.Of(serviceId, stateName, grainId), VersionOf(grainState.ETag), null);
        _ = await writer.WriteAsync(change) ?? throw Conflict("clear", change);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = New<T>();
    }

    private byte[] Serialize<T>(T state)
    {
        var memory = serializer.Serialize(state).ToMemory();
        // The serializer hands back a whole array: bind it as it is instead of copying it.
        return MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
    }

    private T New<T>() => activators.GetActivator<T>().Create();

    private static int? VersionOf(string? etag) =>
        string.IsNullOrWhiteSpace(etag) ? null : int.Parse(etag, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static InconsistentStateException Conflict(string operation, StateChange change) =>
        new($"Version conflict ({operation}): the {change.Key} is not at version {change.ExpectedVersion?.ToString(CultureInfo.InvariantCulture) ?? "none (first write)"}.");

    /// <inheritdoc />
    public void Dispose() => writer.Dispose();
}
