namespace ImgProcess.Gateway.Uploads;

/// <summary>The file found in the <c>image</c> field of a multipart request, or why there is none.</summary>
internal sealed record MultipartImage(byte[]? Content, string? FileName, int StatusCode, string? Error, string? Details)
{
    public bool Found => Content is not null;

    public static MultipartImage Of(byte[] content, string fileName) => new(content, fileName, 200, null, null);

    public static MultipartImage Refused(int statusCode, string error, string details) => new(null, null, statusCode, error, details);
}
