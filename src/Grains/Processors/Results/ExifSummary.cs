namespace ImgProcess.Grains.Processors;

/// <summary>The result of <see cref="ExifProcessor"/>. Missing tags are left out of the JSON.</summary>
public sealed record ExifSummary(bool Present, int Orientation, bool GpsPresent)
{
    /// <summary>Camera maker.</summary>
    public string? Make { get; init; }

    /// <summary>Camera model.</summary>
    public string? Model { get; init; }

    /// <summary>Lens model.</summary>
    public string? Lens { get; init; }

    /// <summary>Software that wrote the file.</summary>
    public string? Software { get; init; }

    /// <summary>Capture time as written by the camera (local time, no zone), ISO 8601.</summary>
    public string? CapturedAt { get; init; }

    /// <summary>Exposure time, e.g. "1/250" or "2.5" (seconds).</summary>
    public string? ExposureTime { get; init; }

    /// <summary>Aperture as an f-number.</summary>
    public double? FNumber { get; init; }

    /// <summary>ISO speed.</summary>
    public int? Iso { get; init; }

    /// <summary>Focal length in millimetres.</summary>
    public double? FocalLengthMm { get; init; }

    /// <summary>Coordinates, only when <see cref="ExifOptions.IncludeGpsCoordinates"/> is on.</summary>
    public GpsCoordinates? Gps { get; init; }
}
