using System.Diagnostics;

namespace ImgProcess.Grains.Telemetry;

/// <summary>The names our spans and metrics are published under (subscribe to them in OpenTelemetry).</summary>
public static class ImgProcessTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "ImgProcess";

    /// <summary>Spans for the steps between gateway and storage that no library instruments: intake, processors, blobs, state writes.</summary>
    public static ActivitySource Source { get; } = new(Name);
}
