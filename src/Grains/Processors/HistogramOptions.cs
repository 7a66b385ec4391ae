using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Processors;

/// <summary>Options of the histogram processor. Bound from <c>ImgProcess:Processors:Histogram</c>.</summary>
public sealed class HistogramOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Processors:Histogram";

    /// <summary>Bins per channel (default 32); must divide 256 evenly: 1, 2, 4, ..., 256.</summary>
    [Range(1, 256)]
    public int Bins { get; set; } = 32;
}
