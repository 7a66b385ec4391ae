namespace ImgProcess.Grains.Reprocessing;

/// <summary>Progress of a backfill that reprocesses every image.</summary>
/// <param name="Status"><c>idle</c>, <c>running</c> or <c>completed</c>.</param>
/// <param name="Total">Images in the history when the backfill started.</param>
/// <param name="Processed">Images reprocessed so far.</param>
/// <param name="Failed">Images whose reprocessing failed (they keep their old results).</param>
/// <param name="StartedAt">When the backfill started.</param>
/// <param name="FinishedAt">When it finished.</param>
[GenerateSerializer, Immutable]
public sealed record ReprocessProgress(
    [property: Id(0)] string Status,
    [property: Id(1)] long Total,
    [property: Id(2)] long Processed,
    [property: Id(3)] long Failed,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt);
