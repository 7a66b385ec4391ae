using ImgProcess.Grains.Health;
using ImgProcess.Grains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImgProcess.Grains.Hosting;

/// <summary>
/// A silo node: grains, plus a small HTTP listener for probes and metrics (<see cref="DefaultPort"/> unless
/// <c>--urls</c> or <c>ASPNETCORE_URLS</c> say otherwise). No public API runs here.
/// </summary>
public static class SiloHosting
{
    /// <summary>The port of the silo's health and metrics endpoints.</summary>
    public const int DefaultPort = 8081;

    /// <summary>Configures the silo host from configuration (<c>ImgProcess__*</c> environment variables).</summary>
    public static WebApplicationBuilder AddImgProcessSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ListenByDefaultOn(DefaultPort);
        builder.AddImgProcessTelemetry("imgprocess-silo");
        builder.UseOrleans(silo => silo
            .UseImgProcessClustering(builder.Configuration)
            .AddImgProcess(builder.Configuration));
        builder.Services.AddImgProcessHealthChecks();
        return builder;
    }

    /// <summary>Health probes and the metrics view.</summary>
    public static WebApplication MapImgProcessSilo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapImgProcessHealth();
        app.MapImgProcessMetrics();
        return app;
    }
}
