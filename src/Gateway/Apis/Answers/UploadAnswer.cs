using System.Text.Json.Serialization;
using ImgProcess.Grains.Images;

namespace ImgProcess.Gateway.Apis;

/// <summary>The answer to <c>POST /images</c>: the Flask service's <c>{image, image_url, result}</c>, then our facts.</summary>
internal class UploadAnswer(ImageRecord record) : ImageFacts(record)
{
    [JsonPropertyName("image"), JsonPropertyOrder(-3)]
    public string Image { get; } = record.StoredName;

    [JsonPropertyName("image_url"), JsonPropertyOrder(-2)]
    public string ImageUrl { get; } = ViewUrl(record);

    [JsonPropertyName("result"), JsonPropertyOrder(-1)]
    public ProcessorResults Result { get; } = new(record);
}
