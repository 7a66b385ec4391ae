using ImgProcess.Grains.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImgProcess.Grains.Telemetry;

/// <summary>OpenTelemetry for gateways and silos: our meter and spans, Orleans', ASP.NET Core's and Npgsql's.</summary>
public static class TelemetryHosting
{
    // What Orleans publishes (with activity propagation on, grain calls become spans of the caller's trace).
    private const string OrleansMeter = "Microsoft.Orleans";
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];

    /// <summary>
    /// Metrics (Prometheus text view at <see cref="TelemetryOptions.PrometheusPath"/>, OTLP when configured), traces
    /// (OTLP when configured), and logs that carry the trace id — the request id that follows an upload into the grains.
    /// </summary>
    public static IHostApplicationBuilder AddImgProcessTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetValidated<TelemetryOptions>(TelemetryOptions.SectionName);
        builder.Services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.SectionName));

        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        var otlp = options.OtlpEndpoint is not null || !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        void ConfigureOtlp(OtlpExporterOptions exporter)
        {
            if (options.OtlpEndpoint is { } endpoint)
            {
                exporter.Endpoint = endpoint;
            }
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ImgProcessTelemetry.Name, OrleansMeter)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (!string.IsNullOrEmpty(options.PrometheusPath))
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter(ConfigureOtlp);
                }

                if (options.Console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ImgProcessTelemetry.Name)
                    .AddSource(OrleansSources)
                    .AddAspNetCoreInstrumentation(asp => asp.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    .AddNpgsql();
                if (otlp)
                {
                    tracing.AddOtlpExporter(ConfigureOtlp);
                }

                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        return builder;
    }

    /// <summary>Maps the Prometheus text view of the metrics, unless turned off.</summary>
    public static IEndpointRouteBuilder MapImgProcessMetrics(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var path = routes.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.PrometheusPath;
        if (!string.IsNullOrEmpty(path))
        {
            routes.MapPrometheusScrapingEndpoint(path);
        }

        return routes;
    }
}
