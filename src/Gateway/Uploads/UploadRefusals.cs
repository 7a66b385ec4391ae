using ImgProcess.Gateway.Apis;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImgProcess.Gateway.Uploads;

/// <summary>The one table from why an upload was refused to its HTTP answer: status and title (the Flask service's titles where it had them).</summary>
internal static class UploadRefusals
{
    private static readonly Dictionary<RejectionReason, (int Status, string Error)> Answers = new()
    {
        [RejectionReason.MalformedRequest] = (400, "Malformed request"),
        [RejectionReason.NoImagePart] = (400, "No image part"),
        [RejectionReason.NoSelectedFile] = (400, "No selected file"),
        [RejectionReason.TooManyFiles] = (400, "Too many files"),
        [RejectionReason.QueueFull] = (503, "Too many uploads in progress"),
        [RejectionReason.TooSlow] = (408, "Upload too slow"),
        [RejectionReason.EmptyFile] = (400, "Empty file"),
        [RejectionReason.TooManyBytes] = (413, "File too large"),
        [RejectionReason.NotAnImage] = (400, "File type not allowed"),
        [RejectionReason.UnsupportedFormat] = (415, "Unsupported image format"),
        [RejectionReason.Unreadable] = (422, "Unreadable image"),
        [RejectionReason.Undecodable] = (422, "Undecodable image"),
        [RejectionReason.Truncated] = (422, "Truncated image"),
        [RejectionReason.TooMuchMetadata] = (413, "Image metadata too large"),
        [RejectionReason.TooManyPixelsPerSide] = (413, "Image dimensions too large"),
        [RejectionReason.TooManyPixels] = (413, "Image dimensions too large"),
        [RejectionReason.TooManyFrames] = (413, "Too many frames"),
    };

    /// <summary>Every reason has an answer (checked by a test).</summary>
    public static bool Covers(RejectionReason reason) => Answers.ContainsKey(reason);

    /// <summary>The answer to <paramref name="rejection"/>, counted by its code; a full queue also says when to retry.</summary>
    public static JsonHttpResult<LegacyError> Answer(UploadRejection rejection, HttpResponse response, ImgProcessMetrics metrics)
    {
        var (status, error) = Answers[rejection.Reason];
        metrics.UploadRejected(rejection.Code);
        if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status408RequestTimeout)
        {
            response.Headers.RetryAfter = "2";
        }

        return LegacyErrors.Result(status, error, rejection.Details);
    }
}
