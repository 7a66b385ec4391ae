using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.History;

/// <summary>Partitions and paging of the history. Bound from <c>ImgProcess:History</c>; the same on every silo and gateway.</summary>
public sealed class HistoryOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:History";

    /// <summary>Items per page when the client does not say (default 20).</summary>
    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>The most items one page returns (default 100); larger <c>count</c> values are capped.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>
    /// How many partitions the history is cut into (default 16): uploads append to one each, reads merge them.
    /// It may be raised later, never lowered (entries in the partitions left out would no longer be listed).
    /// </summary>
    [Range(1, HistoryLayout.MaxPartitions)]
    public int Partitions { get; set; } = 16;

    /// <summary>
    /// How long an upload waits for a partition's append before it tries the next one (default 5 s: long enough for a
    /// partition that is activating on a busy silo, short enough to leave a silo that died unnoticed within the upload deadline).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AppendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many partitions an upload tries before it answers 503 (default 3).</summary>
    [Range(1, HistoryLayout.MaxPartitions)]
    public int AppendAttempts { get; set; } = 3;
}
