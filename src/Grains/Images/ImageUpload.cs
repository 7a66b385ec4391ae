using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Images;

/// <summary>An accepted upload, handed from the gateway to its <see cref="IImageGrain"/>: the bytes are in the blob store.</summary>
/// <param name="OriginalName">The client's file name, sanitised; display data only.</param>
/// <param name="StoredName">The name the image is served under (<c>{id}.{ext}</c>).</param>
/// <param name="ContentType">The media type of the sniffed format.</param>
/// <param name="Image">The stored bytes.</param>
/// <param name="UploadedAt">When the gateway accepted it.</param>
/// <param name="Owner">The name of the API key that uploaded it (never the key itself); null without keys.</param>
[GenerateSerializer, Immutable]
public sealed record ImageUpload(
    [property: Id(0)] string OriginalName,
    [property: Id(1)] string StoredName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] ImageRef Image,
    [property: Id(4)] DateTimeOffset UploadedAt,
    [property: Id(6)] string? Owner = null);
