using ImgProcess.Grains.Uploads;

namespace ImgProcess.Gateway.Uploads;

/// <summary>The file found in the <c>image</c> field of a multipart request, or why there is none.</summary>
internal sealed record MultipartImage(byte[]? Content, string? FileName, UploadRejection? Refusal)
{
    public bool Found => Content is not null;

    public static MultipartImage Of(byte[] content, string fileName) => new(content, fileName, null);

    public static MultipartImage Refused(RejectionReason reason, string details) => new(null, null, new UploadRejection(reason, details));
}
