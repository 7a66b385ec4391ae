using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Processors;

/// <summary>Options of the dominant colours processor. Bound from <c>ImgProcess:Processors:DominantColours</c>.</summary>
public sealed class DominantColoursOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Processors:DominantColours";

    /// <summary>How many colours to report (default 5).</summary>
    [Range(1, 32)]
    public int Count { get; set; } = 5;

    /// <summary>Colours closer than this (Euclidean distance in RGB, 0–441) count as one (default 40).</summary>
    [Range(0, 441)]
    public double MergeDistance { get; set; } = 40;
}
