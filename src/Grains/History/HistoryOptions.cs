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
    /// How many partitions the history is cut into (default 16): each upload is added to the one its id hashes to, reads
    /// merge them. It may be raised later, never lowered (entries in the partitions left out would no longer be listed);
    /// a record keeps the partition it was given.
    /// </summary>
    [Range(1, HistoryLayout.MaxPartitions)]
    public int Partitions { get; set; } = 16;
}
