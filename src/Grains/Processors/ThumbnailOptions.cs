using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Processors;

/// <summary>Options of the thumbnail processor. Bound from <c>ImgProcess:Processors:Thumbnail</c>.</summary>
public sealed class ThumbnailOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Processors:Thumbnail";

    /// <summary>Longest side of the thumbnail in pixels (default 256). Smaller images are not enlarged.</summary>
    [Range(16, 2048)]
    public int MaxSide { get; set; } = 256;

    /// <summary>JPEG quality (default 80); thumbnails of images with alpha are PNG.</summary>
    [Range(1, 100)]
    public int JpegQuality { get; set; } = 80;
}
