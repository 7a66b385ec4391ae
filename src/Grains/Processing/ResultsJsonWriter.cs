using System.Text.Json;

namespace ImgProcess.Grains.Processing;

/// <summary>
/// Writes an upload's results the way every answer shows them: <c>{"&lt;name&gt;": &lt;value&gt;, ..., "errors":
/// {"&lt;name&gt;": "message"}}</c>, each value's stored JSON text embedded as it is. The API and the webhooks share it.
/// </summary>
public static class ResultsJsonWriter
{
    /// <summary>Writes the object of <paramref name="results"/> and <paramref name="errors"/>.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> results, IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(errors);
        writer.WriteStartObject();
        foreach (var (name, json) in results)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(json, skipInputValidation: true);
        }

        writer.WriteStartObject("errors");
        foreach (var (name, message) in errors)
        {
            writer.WriteString(name, message);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
