using System.Text.Json;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests.Corpus;

/// <summary>What Pillow reads in a file, by pillow_reference.py: the dimensions and the average under the alpha rule.</summary>
internal sealed record PillowReference(string File, bool Readable, int Width, int Height, double Average, bool Alpha, string? Error)
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Corpus", "pillow_reference.py");

    /// <summary>The references of <paramref name="files"/>, in one run of the script.</summary>
    public static IReadOnlyList<PillowReference> Of(IReadOnlyList<string> files)
    {
        var output = ExternalTool.Run(ExternalTool.Python, [Script, .. files]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    private static PillowReference Parse(string line)
    {
        var json = JsonDocument.Parse(line).RootElement;
        var readable = json.GetProperty("readable").GetBoolean();
        return new PillowReference(
            json.GetProperty("file").GetString()!,
            readable,
            readable ? json.GetProperty("width").GetInt32() : 0,
            readable ? json.GetProperty("height").GetInt32() : 0,
            readable ? json.GetProperty("average").GetDouble() : 0,
            readable && json.GetProperty("alpha").GetBoolean(),
            readable ? null : json.GetProperty("error").GetString());
    }
}
