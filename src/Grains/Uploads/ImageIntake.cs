using System.Security.Cryptography;
using ImgProcess.Grains.Content;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;

namespace ImgProcess.Grains.Uploads;

/// <summary>
/// Accepts one uploaded file: decides the format from its bytes, reads dimensions and frames from the header,
/// refuses what breaks a limit before any pixel is decoded, stores the bytes under their SHA-256 and hands
/// the upload to its <see cref="IImageGrain"/>. Used by every gateway, embedded or client.
/// </summary>
public sealed partial class ImageIntake(
    IGrainFactory grains,
    IBlobStore blobs,
    ImageDecoding decoding,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    IEnumerable<DecodedImageCache> localSilo,
    IEnumerable<ProcessorCatalog> localProcessors,
    IEnumerable<SiloLosses> clientSiloLosses,
    ILogger<ImageIntake> logger)
{
    // Present only in an Orleans client (a client-mode gateway): see SiloLosses.
    private readonly SiloLosses? siloLosses = clientSiloLosses.SingleOrDefault();

    // Present only when this process hosts the silo (embedded gateway); a client-mode gateway has none.
    private readonly DecodedImageCache? localCache = localSilo.SingleOrDefault();

    // Whether this silo's processors read pixels: when only header processors are on (format, EXIF), nothing decodes.
    private readonly bool pixelsNeeded = localProcessors.SingleOrDefault()?.Enabled.Any(p => p.Needs != ImageNeed.Header) ?? false;

    /// <summary>
    /// Checks, stores and processes <paramref name="content"/>; nothing is stored when it is refused. With
    /// <paramref name="wait"/> false the upload is recorded (status pending) and processed in the background.
    /// <paramref name="owner"/> names the API key that uploads it (never the key itself).
    /// </summary>
    public async Task<UploadResult> AcceptAsync(byte[] content, string? fileName, bool wait = true, string? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var activity = ImgProcessTelemetry.Source.StartActivity("imgprocess.intake");
        activity?.SetTag("imgprocess.bytes", content.LongLength);
        var result = await CheckStoreAndProcessAsync(content, fileName, wait, owner, cancellationToken);
        activity?.SetTag("imgprocess.outcome", result.Rejection?.Code ?? "accepted");
        activity?.SetTag("imgprocess.image_id", result.Record?.Id);
        return result;
    }

    private async Task<UploadResult> CheckStoreAndProcessAsync(byte[] content, string? fileName, bool wait, string? owner, CancellationToken cancellationToken)
    {
        var rules = limits.Value;
        if (content.Length == 0)
        {
            return UploadResult.Refused(RejectionReason.EmptyFile, "The uploaded file has no content.");
        }

        if (content.LongLength > rules.MaxUploadBytes)
        {
            return UploadResult.Refused(RejectionReason.TooManyBytes, $"The file is {content.LongLength} bytes; the limit is {rules.MaxUploadBytes} bytes (MaxUploadBytes).");
        }

        var format = ImageFormatSniffer.Detect(content.AsSpan(0, Math.Min(content.Length, ImageFormatSniffer.HeaderLength)));
        if (format is null)
        {
            return UploadResult.Refused(RejectionReason.NotAnImage, $"The content is not an image in an accepted format ({string.Join(", ", rules.AcceptedFormats)}).");
        }

        if (!format.Decodable || !rules.Allows(format.Name) || !decoding.CanRead(format.Name))
        {
            return UploadResult.Refused(RejectionReason.UnsupportedFormat, $"{format.Name} images are not accepted; accepted formats: {string.Join(", ", rules.AcceptedFormats)}.");
        }

        var broken = CheckStructure(content, format, rules);
        if (broken is not null)
        {
            return broken;
        }

        var header = TryIdentify(content, format, out var identifyError);
        if (header is null)
        {
            return UploadResult.Refused(RejectionReason.Unreadable, identifyError!);
        }

        var overLimit = CheckLimits(header, rules);
        if (overLimit is not null)
        {
            return overLimit;
        }

        // Within the limits, but too few bytes for what the header declares: the data ended early (decoders would pad it).
        if (format == ImageFormatSniffer.Jpeg && JpegDataBound.FindShortfall(content) is { } shortfall)
        {
            return UploadResult.Refused(RejectionReason.Truncated, shortfall);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var image = new ImageRef(BlobKey.ForOriginal(sha256), sha256, format.Name, header.Width, header.Height, content.LongLength);
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

        var upload = new ImageUpload(
            FileNames.Sanitize(fileName, rules.MaxFileNameLength),
            $"{id}.{format.Extension}",
            format.MimeType,
            image,
            time.GetUtcNow(),
            owner);
        var grain = grains.GetGrain<IImageGrain>(id);
        ImageRecord record;
        try
        {
            // The reference is taken before the bytes are stored: a delete of another upload with the same bytes either
            // finished before (and the put below restores them) or sees this reference and keeps them. An upload
            // processed now has it written with the results, before its record.
            var processed = await GrainCalls.RetryAsync(token => grains.GetGrain<IContentGrain>(sha256).Acquire(id, writeWithResults: wait, token), cancellationToken, siloLosses);

            // A gateway that hosts the silo hands its processors the bytes and header it holds (they neither read the
            // blob back nor identify it again) and, for new bytes, starts their decode on another core during the write.
            // A cache only: processors on any other silo read the blob.
            using var decoded = wait ? localCache?.Acquire(image, content, header) : null;
            if (!processed && pixelsNeeded)
            {
                decoded?.StartDecoding();
            }

            await blobs.PutAsync(image.BlobKey, content, cancellationToken);

            // The grain key is ours, so the calls are idempotent: they are retried while the cluster moves the grain.
            record = wait
                ? await GrainCalls.RetryAsync(token => grain.Process(upload, token), cancellationToken, siloLosses)
                : await GrainCalls.RetryAsync(token => grain.Accept(upload, token), cancellationToken, siloLosses);
        }
        catch (Exception e) when (Unavailability.Classify(e) is not null || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The client is told 503 (not stored): the upload's grain removes what it took, once the cluster lets it.
            await AbandonAsync(grain, sha256, id);
            throw;
        }

        if (record.Status == ImageStatus.Failed)
        {
            // A header that reads but pixels the image library cannot decode (the image's own verdict, never an
            // outage's): refuse it and keep nothing.
            await AbandonAsync(grain, sha256, id);
            var reason = record.Errors.Values.FirstOrDefault() ?? "no processor could read it";
            return UploadResult.Refused(RejectionReason.Undecodable, $"The {format.Name} header is valid but the image cannot be decoded: {reason}");
        }

        return UploadResult.Accepted(record);
    }

    // Hands the removal of an upload that is not kept to its grain (a one-way call: the grain retries it on a timer while
    // an outage lasts). Should even that message not go out, the upload stays unlisted, which the log says.
    private async Task AbandonAsync(IImageGrain grain, string sha256, string id)
    {
        try
        {
            await grain.Abandon(sha256);
        }
        catch (Exception e) when (Unavailability.Classify(e) is not null)
        {
            LogAbandonFailed(e, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand the removal of upload {ImageId}, not kept, to its grain; it stays unlisted")]
    private partial void LogAbandonFailed(Exception exception, string imageId);

    // Structure the image library would not refuse, or would pay dearly to read: checked from the raw bytes.
    private static UploadResult? CheckStructure(byte[] content, SniffedFormat format, LimitsOptions rules)
    {
        if (format == ImageFormatSniffer.Png)
        {
            // A chunk list that runs past the end (-1) is for the truncation check below to judge.
            var metadataBytes = PngChunkScanner.CompressedMetadataBytes(content);
            if (metadataBytes > rules.MaxPngCompressedMetadataBytes)
            {
                return UploadResult.Refused(RejectionReason.TooMuchMetadata, $"The PNG carries {metadataBytes} bytes of compressed metadata; the limit is {rules.MaxPngCompressedMetadataBytes} bytes (MaxPngCompressedMetadataBytes).");
            }
        }

        // The decoders pad a cut-off file instead of failing: each format's own structure tells a whole file from a cut one.
        if (ImageTruncation.FindTruncation(content, format) is { } truncation)
        {
            return UploadResult.Refused(RejectionReason.Truncated, truncation);
        }

        return null;
    }

    private ImageHeader? TryIdentify(byte[] content, SniffedFormat format, out string? error)
    {
        try
        {
            var header = decoding.Identify(content, format);
            error = header.Width > 0 && header.Height > 0 ? null : $"The {format.Name} header gives no dimensions.";
            return error is null ? header : null;
        }
        catch (Exception e) when (e is InvalidImageContentException or UnknownImageFormatException or NotSupportedException
            or InvalidMemoryOperationException or ImageFormatException or EndOfStreamException or IndexOutOfRangeException
            or ArgumentException or InvalidDataException or OverflowException)
        {
            error = $"The file looks like {format.Name} but its header cannot be read: {e.Message}";
            return null;
        }
    }

    private static UploadResult? CheckLimits(ImageHeader header, LimitsOptions rules)
    {
        if (header.Width > rules.MaxPixelsPerSide || header.Height > rules.MaxPixelsPerSide)
        {
            return UploadResult.Refused(RejectionReason.TooManyPixelsPerSide, $"The image is {header.Width}×{header.Height}; the limit is {rules.MaxPixelsPerSide} pixels per side (MaxPixelsPerSide).");
        }

        if (header.PixelCount > rules.MaxPixelsPerImage)
        {
            return UploadResult.Refused(RejectionReason.TooManyPixels, $"The image has {header.PixelCount} pixels; the limit is {rules.MaxPixelsPerImage} pixels (MaxPixelsPerImage).");
        }

        if (header.FrameCount > rules.MaxFrames)
        {
            return UploadResult.Refused(RejectionReason.TooManyFrames, $"The image has more than {rules.MaxFrames} frames (MaxFrames).");
        }

        return null;
    }
}
