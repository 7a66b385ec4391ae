using System.Globalization;
using System.Text.RegularExpressions;
using ImgProcess.Gateway.Hosting;
using ImgProcess.Gateway.Security;
using ImgProcess.Gateway.Uploads;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.History;
using ImgProcess.Grains.TextSearch;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Privacy;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Telemetry;
using ImgProcess.Grains.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ImgProcess.Gateway.Apis;

/// <summary>The Flask-compatible image calls: list, upload, view.</summary>
internal static partial class ImagesApi
{
    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder routes)
    {
        var images = routes.MapGroup("/images").WithTags("Images");

        images.MapGet("/", ListImages)
            .WithName("ListImages")
            .WithSummary("Uploads, newest first, with their results.")
            .WithDescription("Paging as the Flask service (page, count), or stable while uploads arrive with a cursor: before=<id of the last item seen>. count is capped (ImgProcess:History:MaxPageSize). A Link header gives the next page. text=<words> lists only the uploads whose text (the Text processor's OCR) has every one of the words, case and accents ignored, paged the same way.")
            .Produces<LegacyError>(StatusCodes.Status400BadRequest);

        images.MapPost("/", UploadImage)
            .WithName("UploadImage")
            .WithSummary("Upload one image in the multipart field 'image'; answers with every processor's result.")
            .WithDescription("With wait=false the answer is 202 with a Location header at once; GET that URL until status is done (or failed).")
            .Produces<LegacyError>(StatusCodes.Status400BadRequest)
            .Produces<LegacyError>(StatusCodes.Status413PayloadTooLarge)
            .Produces<LegacyError>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<LegacyError>(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery()
            .RequireRateLimiting(ImgProcess.Gateway.Hosting.UploadRateLimiting.PolicyName);

        images.MapGet("/view/{image}", ViewImage)
            .WithName("ViewImage")
            .WithSummary("The stored bytes of an upload, with its content type, an ETag and long-lived caching.")
            .Produces<LegacyError>(StatusCodes.Status404NotFound);

        images.MapGet("/thumbnails/{key}", ViewThumbnail)
            .WithName("ViewThumbnail")
            .WithSummary("A thumbnail made by the Thumbnail processor (its result holds the URL).")
            .Produces<LegacyError>(StatusCodes.Status404NotFound);

        return routes;
    }

    public static async Task<Results<Ok<List<HistoryItem>>, JsonHttpResult<LegacyError>>> ListImages(string? page, string? count, string? before, string? text, IGrainFactory grains, HistoryReader history, TextIndex texts, IOptions<HistoryOptions> options, IOptions<AccessOptions> access, HttpResponse response, GrainCallDeadline deadline)
    {
        if (!QueryNumbers.TryParse(page, 1, 1, int.MaxValue, out var pageNumber) || !QueryNumbers.TryParse(count, options.Value.DefaultPageSize, 1, int.MaxValue, out var pageSize))
        {
            return LegacyErrors.Result(400, "Invalid paging", "page and count must be positive whole numbers.");
        }

        pageSize = Math.Min(pageSize, options.Value.MaxPageSize);
        if (text is not null)
        {
            return await TextSearchApi.ListMatchingAsync(text, pageNumber, pageSize, before, grains, texts, access.Value, response, deadline);
        }
        HistorySlice slice;
        if (!string.IsNullOrEmpty(before))
        {
            var cursor = ImageIdPattern().IsMatch(before) ? await GrainCalls.RetryAsync(grains.GetGrain<IImageGrain>(before).GetRecord, deadline.Calls) : null;
            var key = cursor is null ? null : await GrainCalls.RetryAsync(token => history.KeyOfAsync(cursor, token), deadline.Calls);
            if (key is null)
            {
                return LegacyErrors.Result(400, "Invalid cursor", "before must be the id of an existing image (the id of the last item of the previous page).");
            }

            slice = await GrainCalls.RetryAsync(token => history.GetOlderThanAsync(key.Value, pageSize, token), deadline.Calls);
        }
        else
        {
            slice = await GrainCalls.RetryAsync(token => history.GetNewestAsync((pageNumber - 1L) * pageSize, pageSize, token), deadline.Calls);
        }

        var records = await Task.WhenAll(slice.Entries.Select(e => GrainCalls.RetryAsync(grains.GetGrain<IImageGrain>(e.ImageId).GetRecord, deadline.Calls)));
        // A record deleted between the two reads is left out; with reads scoped to owners, so is another key's upload.
        var caller = Caller.Of(response.HttpContext);
        var items = records.OfType<ImageRecord>().Where(record => caller.MaySee(record, access.Value.ProtectReads)).Select(record => new HistoryItem(record)).ToList();

        if (slice.Entries.Count == pageSize)
        {
            var next = string.IsNullOrEmpty(before) ? $"/images?page={pageNumber + 1}&count={pageSize}" : $"/images?before={slice.Entries[^1].ImageId}&count={pageSize}";
            response.Headers.Append("Link", $"<{next}>; rel=\"next\", </images?before={slice.Entries[^1].ImageId}&count={pageSize}>; rel=\"next-cursor\"");
        }

        response.Headers.Append("X-Total-Count", slice.Total.ToString(CultureInfo.InvariantCulture));
        return TypedResults.Ok(items);
    }

    public static async Task<Results<Ok<UploadAnswer>, Accepted<ImageDetail>, JsonHttpResult<LegacyError>>> UploadImage(HttpRequest request, ImageIntake intake, UploadGate gate, IOptions<LimitsOptions> limits, ImgProcessMetrics metrics, GrainCallDeadline deadline, CancellationToken cancellationToken, bool wait = true)
    {
        JsonHttpResult<LegacyError> Refuse(RejectionReason reason, string details) => UploadRefusals.Answer(new UploadRejection(reason, details), request.HttpContext.Response, metrics);

        using var slot = await gate.EnterAsync(request.HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (slot is null)
        {
            return Refuse(RejectionReason.QueueFull, "The service is at its limit of concurrent uploads and no slot came free in time (MaxConcurrentUploads, UploadQueueLength, UploadQueueTimeout); retry shortly.");
        }

        MultipartImage file;
        try
        {
            file = await MultipartImageReader.ReadAsync(request, limits.Value.MaxUploadBytes, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(RejectionReason.TooManyBytes, $"The request body is larger than the limit of {limits.Value.MaxUploadBytes} bytes (MaxUploadBytes).");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return Refuse(RejectionReason.TooSlow, $"The request body arrived slower than {limits.Value.MinUploadBytesPerSecond} bytes per second (MinUploadBytesPerSecond).");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Refuse(RejectionReason.MalformedRequest, $"The multipart body could not be read: {e.Message}");
        }

        if (!file.Found)
        {
            return UploadRefusals.Answer(file.Refusal!, request.HttpContext.Response, metrics);
        }

        var result = await intake.AcceptAsync(file.Content!, file.FileName, wait, Caller.Of(request.HttpContext).KeyName, deadline.Upload);
        if (result.Rejection is { } refused)
        {
            return UploadRefusals.Answer(refused, request.HttpContext.Response, metrics);
        }

        var record = result.Record!;
        metrics.UploadAccepted(record.Image.ByteSize, record.Deduplicated);
        return wait ? TypedResults.Ok(new UploadAnswer(record)) : TypedResults.Accepted($"/images/{record.Id}", new ImageDetail(record));
    }

    public static async Task<Results<FileStreamHttpResult, FileContentHttpResult, JsonHttpResult<LegacyError>>> ViewImage(string image, IGrainFactory grains, IBlobStore blobs, IOptions<PrivacyOptions> privacy, IOptions<AccessOptions> access, HttpResponse response, GrainCallDeadline deadline, CancellationToken cancellationToken)
    {
        var match = StoredNamePattern().Match(image);
        if (!match.Success)
        {
            return NotFound(image);
        }

        var record = await GrainCalls.RetryAsync(grains.GetGrain<IImageGrain>(match.Groups["id"].Value).GetRecord, deadline.Calls);
        if (record is null || !string.Equals(record.StoredName, image, StringComparison.Ordinal) || !Caller.Of(response.HttpContext).MaySee(record, access.Value.ProtectReads))
        {
            return NotFound(image);
        }

        if (!privacy.Value.ServeOriginalMetadata && ImageFormatSniffer.ByName(record.Image.Format) is { } format && LocationMetadata.MayHave(format))
        {
            return await ServeWithoutLocationAsync(blobs, record, format, response, cancellationToken) is { } copy ? copy : NotFound(image);
        }

        return await ServeBlobAsync(blobs, record.Image.BlobKey, record.ContentType, record.Image.Sha256, response, cancellationToken) is { } served ? served : NotFound(image);
    }

    // The stored bytes with their location metadata erased (same length, so ranges still work); a file that has none is
    // served as it is stored, under the same ETag as always.
    private static async Task<FileContentHttpResult?> ServeWithoutLocationAsync(IBlobStore blobs, ImageRecord record, SniffedFormat format, HttpResponse response, CancellationToken cancellationToken)
    {
        var bytes = await blobs.ReadAllAsync(record.Image.BlobKey, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        var etag = LocationMetadata.Erase(bytes, format) ? $"\"{record.Image.Sha256}-nolocation\"" : $"\"{record.Image.Sha256}\"";
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.File(bytes, record.ContentType, entityTag: new EntityTagHeaderValue(etag), enableRangeProcessing: true);
    }

    public static async Task<Results<FileStreamHttpResult, JsonHttpResult<LegacyError>>> ViewThumbnail(string key, IBlobStore blobs, HttpResponse response, CancellationToken cancellationToken)
    {
        var match = ThumbnailKeyPattern().Match(key);
        if (!match.Success)
        {
            return NotFound(key);
        }

        var contentType = match.Groups["ext"].Value == "png" ? "image/png" : "image/jpeg";
        return await ServeBlobAsync(blobs, key, contentType, key, response, cancellationToken) is { } served ? served : NotFound(key);
    }

    // Stored blobs never change under their key: a strong ETag and a year of caching are both safe.
    private static async Task<FileStreamHttpResult?> ServeBlobAsync(IBlobStore blobs, string key, string contentType, string etag, HttpResponse response, CancellationToken cancellationToken)
    {
        var stream = await blobs.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Stream(stream, contentType, entityTag: new EntityTagHeaderValue($"\"{etag}\""), enableRangeProcessing: true);
    }

    private static JsonHttpResult<LegacyError> NotFound(string image) =>
        LegacyErrors.Result(404, "Image not found", $"No stored image is named '{Problems.Truncate(image, 100)}'.");

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    public static partial Regex ImageIdPattern();

    [GeneratedRegex("^(?<id>[0-9a-f]{32})\\.[a-z]{3,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex StoredNamePattern();

    [GeneratedRegex("^[0-9a-f]{64}-thumb[0-9]{1,4}\\.(?<ext>jpg|png)$", RegexOptions.CultureInvariant)]
    private static partial Regex ThumbnailKeyPattern();
}
