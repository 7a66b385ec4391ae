using ImgProcess.Grains.Uploads;
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
            return MultipartImage.Refused(RejectionReason.MalformedRequest, "The multipart Content-Type has no valid boundary.");
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
                return MultipartImage.Refused(RejectionReason.TooManyFiles, "Send exactly one file in the field 'image'.");
            }

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            if (string.IsNullOrWhiteSpace(fileName))
            {
                return MultipartImage.Refused(RejectionReason.NoSelectedFile, "The file in the field 'image' has an empty file name.");
            }

            var content = await ReadBoundedAsync(section.Body, maxBytes, request.ContentLength, cancellationToken);
            if (content is null)
            {
                return MultipartImage.Refused(RejectionReason.TooManyBytes, $"The file is larger than the limit of {maxBytes} bytes (MaxUploadBytes).");
            }

            found = MultipartImage.Of(content, fileName);
        }

        return found ?? NoImagePart("The request has no file in the field 'image'.");
    }

    private static MultipartImage NoImagePart(string details) => MultipartImage.Refused(RejectionReason.NoImagePart, details);

    // Null when the content passes maxBytes; stops reading at that point. The file is read into one pooled buffer
    // sized from the request's length (the file is a little smaller), so the only allocation that stays is the
    // exact-size copy returned: growing a buffer by doubling allocated four times the file on the large-object heap,
    // and those allocations alone set off a gen-2 collection every few uploads.
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long maxBytes, long? requestLength, CancellationToken cancellationToken)
    {
        var limit = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(requestLength ?? ChunkSize, ChunkSize, limit));
        var written = 0;
        try
        {
            while (true)
            {
                if (written == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
                    buffer.AsSpan(0, written).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(written, Math.Min(ChunkSize, buffer.Length - written)), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsSpan(0, written).ToArray();
                }

                written += read;
                if (written > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
