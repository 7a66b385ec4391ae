namespace ImgProcess.Tests;

/// <summary>
/// The model-driven processors (OCR, visual embedding). They run after the answer and change records later, and decode
/// the image again then, so tests of other behaviour (decode counts, records compared before and after) switch them off
/// with <see cref="Off"/>; VisionTests, the cluster tests and the browser tests run them.
/// </summary>
internal static class VisionProcessors
{
    /// <summary>Their display names.</summary>
    public static readonly string[] Names = ["Text", "Visual Embedding"];

    /// <summary>Configuration that switches them off (list entries far from the ones tests set themselves).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Off() =>
        Names.Select((name, i) => KeyValuePair.Create($"ImgProcess:Processing:Disabled:{100 + i}", (string?)name));
}
