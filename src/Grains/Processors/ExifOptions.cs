namespace ImgProcess.Grains.Processors;

/// <summary>Options of the EXIF processor. Bound from <c>ImgProcess:Processors:Exif</c>.</summary>
public sealed class ExifOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Processors:Exif";

    /// <summary>Include GPS latitude and longitude in the result (default false: only whether GPS data is present).</summary>
    public bool IncludeGpsCoordinates { get; set; }
}
