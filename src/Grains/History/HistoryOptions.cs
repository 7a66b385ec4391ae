using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.History;

/// <summary>Paging of the history. Bound from <c>ImgProcess:History</c>.</summary>
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
}
