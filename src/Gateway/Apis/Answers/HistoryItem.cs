using System.Text.Json.Serialization;
using ImgProcess.Grains.Images;

namespace ImgProcess.Gateway.Apis;

/// <summary>One item of <c>GET /images</c>: the Flask service's <c>{image_name, image_url, results, uploaded_at}</c>, then our facts.</summary>
internal class HistoryItem(ImageRecord record) : ImageFacts(record)
{
    [JsonPropertyName("image_name"), JsonPropertyOrder(-3)]
    public string ImageName { get; } = record.StoredName;

    [JsonPropertyName("image_url"), JsonPropertyOrder(-2)]
    public string ImageUrl { get; } = ViewUrl(record);

    [JsonPropertyName("results"), JsonPropertyOrder(-1)]
    public ProcessorResults Results { get; } = new(record);
}

/// <summary>One item of <c>GET /images/{id}/similar</c>: a history item and how many hash bits it differs by.</summary>
internal sealed class SimilarImage(ImageRecord record, int distance) : HistoryItem(record)
{
    public int Distance { get; } = distance;
}
