using System.Text.Json.Serialization;

namespace ImgProcess.Grains.Processors;

/// <summary>The result of <see cref="PlaceholderProcessor"/>.</summary>
/// <param name="ThumbHash">The ThumbHash bytes, base64.</param>
/// <param name="BlurHash">The BlurHash string.</param>
public sealed record Placeholder(
    [property: JsonPropertyName("thumbhash")] string ThumbHash,
    [property: JsonPropertyName("blurhash")] string BlurHash);
