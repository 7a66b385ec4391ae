namespace ImgProcess.Grains.Storage;

/// <summary>What a state change does to its row.</summary>
public enum StateChangeKind
{
    /// <summary>A first write: adds the row at version 1 unless one exists.</summary>
    Insert,

    /// <summary>Replaces the payload of the row at <see cref="StateChange.ExpectedVersion"/> and advances its version.</summary>
    Update,

    /// <summary>Deletes the row at <see cref="StateChange.ExpectedVersion"/>.</summary>
    Delete,
}

/// <summary>
/// One change to one grain state row, queued for <see cref="SqliteStateWriter"/>. The payload is serialized before it
/// is queued, on the caller's thread, so the writer thread does nothing but SQL.
/// </summary>
public sealed class StateChange(StateChangeKind kind, GrainStateKey key, int? expectedVersion, byte[]? payload)
{
    /// <summary>What the change does.</summary>
    public StateChangeKind Kind { get; } = kind;

    /// <summary>The row.</summary>
    public GrainStateKey Key { get; } = key;

    /// <summary>The version the caller last saw (null for an insert).</summary>
    public int? ExpectedVersion { get; } = expectedVersion;

    /// <summary>The serialized state (null for a delete).</summary>
    public byte[]? Payload { get; } = payload;

    /// <summary>Completes after the commit: the row's new version, or null when the row was not at the expected version.</summary>
    internal TaskCompletionSource<int?> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
