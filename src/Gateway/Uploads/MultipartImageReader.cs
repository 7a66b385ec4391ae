using System.Buffers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ImgProcess.Gateway.Uploads;

/// <summary>
/// Streams a multipart body and keeps only the file in the <c>image</c> field, in a buffer that never grows past
/// the upload limit: the request is refused the moment the limit is passed, not after the body has been read.
/// </summary>
internal static class MultipartImageReader
{
    public const string FieldName = "image";
    private const int ChunkSize = 64 * 1024;

    public static async Task<MultipartImage> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return NoImagePart("The request must be multipart/form-data with the file in the field 'image'.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
        {
            return MultipartImage.Refused(400, "Malformed request", "The multipart Content-Type has no valid boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        MultipartImage? found = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data")
                || !disposition.Name.Equals(FieldName, StringComparison.Ordinal))
            {
                await section.Body.DrainAsync(cancellationToken);
                continue;
            }

            if (!disposition.FileName.HasValue && !disposition.FileNameStar.HasValue)
            {
                return NoImagePart("The field 'image' must be a file, not a text value.");
            }

            if (found is not null)
            {
                return MultipartImage.Refused(400, "Too many files", "Send exactly one file in the field 'image'.");
            }

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            if (string.IsNullOrWhiteSpace(fileName))
            {
                return MultipartImage.Refused(400, "No selected file", "The file in the field 'image' has an empty file name.");
            }

            var content = await ReadBoundedAsync(section.Body, maxBytes, cancellationToken);
            if (content is null)
            {
                return MultipartImage.Refused(413, "File too large", $"The file is larger than the limit of {maxBytes} bytes (MaxUploadBytes).");
            }

            found = MultipartImage.Of(content, fileName);
        }

        return found ?? NoImagePart("The request has no file in the field 'image'.");
    }

    private static MultipartImage NoImagePart(string details) => MultipartImage.Refused(400, "No image part", details);

    // Null when the content passes maxBytes; stops reading at that point.
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkSize);
        while (true)
        {
            var memory = buffer.GetMemory(ChunkSize);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }
}
