namespace ImgProcess.Grains.Telemetry;

/// <summary>Where metrics, traces and logs go. Bound from <c>ImgProcess:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Telemetry";

    /// <summary>
    /// OTLP endpoint for metrics and traces (e.g. <c>http://otel-collector:4317</c>). Unset: the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is honoured; neither set means no OTLP export.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Path of the Prometheus text view of the metrics; empty turns it off.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>Also write spans and metrics to the console (local debugging).</summary>
    public bool Console { get; set; }

    /// <summary>Logs as one JSON object per line with scopes (trace id, span id, request path) instead of plain text.</summary>
    public bool JsonLogs { get; set; }
}
