using ImgProcess.Grains.Images;

namespace ImgProcess.Grains.Uploads;

/// <summary>The outcome of an upload: the processed record, or why it was refused (and then nothing was stored).</summary>
public sealed class UploadResult
{
    private UploadResult(ImageRecord? record, UploadRejection? rejection)
    {
        Record = record;
        Rejection = rejection;
    }

    /// <summary>The processed record when accepted.</summary>
    public ImageRecord? Record { get; }

    /// <summary>The reason when refused.</summary>
    public UploadRejection? Rejection { get; }

    /// <summary>An accepted upload.</summary>
    public static UploadResult Accepted(ImageRecord record) => new(record, null);

    /// <summary>A refused upload.</summary>
    public static UploadResult Refused(RejectionReason reason, string details) => new(null, new UploadRejection(reason, details));
}
