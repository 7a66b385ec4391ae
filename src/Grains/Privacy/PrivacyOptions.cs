namespace ImgProcess.Grains.Privacy;

/// <summary>What the service reveals of an upload beyond its pixels. Bound from <c>ImgProcess:Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Privacy";

    /// <summary>
    /// Serve originals with their location metadata (GPS in Exif and XMP) as uploaded. Default false: served copies
    /// have it erased (the stored bytes and their SHA-256 never change), as the EXIF result hides it.
    /// </summary>
    public bool ServeOriginalMetadata { get; set; }
}
