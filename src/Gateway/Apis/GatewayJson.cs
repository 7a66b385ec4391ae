using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImgProcess.Gateway.Apis;

/// <summary>
/// The wire format: snake_case, as the Flask service answered, no nulls, numbers as numbers, enums by name. The handlers' typed results
/// use it (<see cref="Configure"/> sets the host's JSON options), and so does the inferred OpenAPI document.
/// </summary>
internal static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Sets the wire format on <paramref name="options"/>.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Numbers are numbers (the web defaults also read them from strings, and the document would say so).
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>Timestamps as ISO 8601 UTC with microseconds and a Z.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
