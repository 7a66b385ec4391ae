using ImgProcess.Grains.Health;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// With <see cref="HttpEdgeOptions.InternalPort"/> set, the operators' endpoints (health, metrics, dashboard) answer only
/// on that port: decided by the port the connection arrived on, not by the Host header, which a client chooses.
/// </summary>
internal sealed class InternalPortMiddleware(RequestDelegate next, IOptions<HttpEdgeOptions> edge, IOptions<TelemetryOptions> telemetry, IConfiguration configuration)
{
    private readonly int port = edge.Value.InternalPort ?? 0;
    private readonly string[] operatorPaths = [.. new[] { "/health", telemetry.Value.PrometheusPath, ImgProcessDashboardOptions.From(configuration).Path }.Where(p => !string.IsNullOrEmpty(p))!];

    public Task InvokeAsync(HttpContext context)
    {
        var isOperatorPath = operatorPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        if (isOperatorPath != (context.Connection.LocalPort == port))
        {
            // Operators' paths elsewhere than the internal port, or anything else on it: not here.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
