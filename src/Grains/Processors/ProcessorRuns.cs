using System.Text.Json.Serialization;

namespace ImgProcess.Grains.Processors;

/// <summary>When a processor runs on an upload.</summary>
public enum ProcessorRuns
{
    /// <summary>Before the upload is answered: its result is in the answer.</summary>
    [JsonStringEnumMemberName("inline")]
    Inline,

    /// <summary>After the upload is stored and listed, from a durable queue; its result joins the upload's when done.</summary>
    [JsonStringEnumMemberName("deferred")]
    Deferred,
}
