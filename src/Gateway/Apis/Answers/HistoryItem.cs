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

/// <summary>
/// One item of <c>GET /images/{id}/similar</c>: a history item and, by hash, how many hash bits it differs by, or, by look,
/// the cosine similarity of the visual embeddings.
/// </summary>
internal sealed class SimilarImage : HistoryItem
{
    private SimilarImage(ImageRecord record, int? distance, double? similarity)
        : base(record) => (Distance, Similarity) = (distance, similarity);

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Distance { get; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Similarity { get; }

    public static SimilarImage ByHash(ImageRecord record, int distance) => new(record, distance, null);

    public static SimilarImage ByLook(ImageRecord record, double similarity) => new(record, null, similarity);
}
