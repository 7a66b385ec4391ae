using System.Text.Json;
using System.Text.Json.Serialization;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Processing;

namespace ImgProcess.Gateway.Apis;

/// <summary>
/// <c>{"&lt;Processor&gt;": value, ..., "errors": {"&lt;Processor&gt;": "message"}}</c>. Each value was serialised once,
/// on the silo where the processor's result type is known (a gateway need not have a custom processor's types), and
/// is written here as it is, never parsed again.
/// </summary>
[JsonConverter(typeof(ProcessorResultsConverter))]
internal sealed class ProcessorResults(ImageRecord record)
{
    /// <summary>Processor display name to its result as JSON text.</summary>
    public IReadOnlyDictionary<string, string> Values { get; } = record.Results;

    /// <summary>Processor display name to why it failed.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; } = record.Errors;
}

/// <summary>Writes <see cref="ProcessorResults"/> with each value's JSON text embedded as it is.</summary>
internal sealed class ProcessorResultsConverter : JsonConverter<ProcessorResults>
{
    public override ProcessorResults Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Processor results are only ever written.");

    public override void Write(Utf8JsonWriter writer, ProcessorResults value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ResultsJsonWriter.Write(writer, value.Values, value.Errors);
    }
}
