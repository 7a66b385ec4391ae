using ImgProcess.Grains.Images;

namespace ImgProcess.Gateway.Apis;

/// <summary>What every answer about one upload says beyond the Flask service's fields (snake_case by the naming policy).</summary>
internal abstract class ImageFacts(ImageRecord record)
{
    public string Id { get; } = record.Id;

    public string OriginalName { get; } = record.OriginalName;

    /// <summary>pending, done or failed.</summary>
    public string Status { get; } = record.Status.ToString().ToLowerInvariant();

    public string ContentType { get; } = record.ContentType;

    public string Format { get; } = record.Image.Format;

    public int Width { get; } = record.Image.Width;

    public int Height { get; } = record.Image.Height;

    public long SizeBytes { get; } = record.Image.ByteSize;

    public string Sha256 { get; } = record.Image.Sha256;

    /// <summary>ISO 8601 UTC with microseconds, as the Flask service wrote it.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("uploaded_at")]
    public string UploadedAt { get; } = GatewayJson.Timestamp(record.UploadedAt);

    public string? ProcessedAt { get; } = record.ProcessedAt is { } processed ? GatewayJson.Timestamp(processed) : null;

    /// <summary>The silo(s) the processors ran on.</summary>
    public string? ProcessedOn { get; } = record.ProcessedOn;

    /// <summary>Where the bytes are served.</summary>
    public static string ViewUrl(ImageRecord record) => $"/images/view/{record.StoredName}";
}
