using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImgProcess.Grains.Processing;

/// <summary>The JSON shape of processor results: snake_case names, no nulls, numbers as numbers.</summary>
public static class ProcessorResultJson
{
    /// <summary>The serializer options every processor result goes through.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Serializes a processor's return value.</summary>
    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);
}
