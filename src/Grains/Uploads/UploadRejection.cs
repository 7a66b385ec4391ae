namespace ImgProcess.Grains.Uploads;

/// <summary>Why an upload was refused, in the words the HTTP answer uses.</summary>
/// <param name="StatusCode">The HTTP status: 400 (not an image, empty), 413 (over a limit), 415 (a format we do not accept), 422 (damaged).</param>
/// <param name="Error">A short title.</param>
/// <param name="Details">What was wrong and, for limits, the limit.</param>
/// <param name="Reason">A stable machine-readable reason (<c>not_an_image</c>, <c>too_many_pixels</c>, ...), for metrics and clients.</param>
public sealed record UploadRejection(int StatusCode, string Error, string Details, string Reason);
