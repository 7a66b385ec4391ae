namespace ImgProcess.Grains.Uploads;

/// <summary>Why an upload was refused: the reason, and what was wrong (for limits, the limit). The gateway decides the HTTP answer.</summary>
/// <param name="Reason">The reason.</param>
/// <param name="Details">What was wrong and, for limits, the limit and its setting.</param>
public sealed record UploadRejection(RejectionReason Reason, string Details)
{
    /// <summary>The stable machine-readable name (<c>not_an_image</c>, <c>too_many_pixels</c>, ...), for metrics, logs and clients.</summary>
    public string Code => Reason.Code();
}
