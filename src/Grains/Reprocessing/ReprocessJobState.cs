namespace ImgProcess.Grains.Reprocessing;

/// <summary>Persisted state of the backfill.</summary>
[GenerateSerializer]
public sealed class ReprocessJobState
{
    /// <summary><c>idle</c>, <c>running</c> or <c>completed</c>.</summary>
    [Id(0)] public string Status { get; set; } = "idle";

    /// <summary>Images in the history when the backfill started.</summary>
    [Id(1)] public long Total { get; set; }

    /// <summary>Images reprocessed.</summary>
    [Id(2)] public long Processed { get; set; }

    /// <summary>Images that failed.</summary>
    [Id(3)] public long Failed { get; set; }

    /// <summary>The cursor of a backfill started before the history had keys (a sequence number); see <see cref="CursorKey"/>.</summary>
    [Id(4)] public long Cursor { get; set; }

    /// <summary>When the backfill started.</summary>
    [Id(5)] public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it finished.</summary>
    [Id(6)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The next batch reads entries with a history key below this one.</summary>
    [Id(7)] public long CursorKey { get; set; }
}
