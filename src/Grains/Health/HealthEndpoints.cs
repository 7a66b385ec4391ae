using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImgProcess.Grains.Health;

/// <summary>The probe paths, the same on gateways and silos (the Kubernetes manifests point at them).</summary>
public static class HealthPaths
{
    /// <summary>Answers while the process runs; touches neither grains nor the database.</summary>
    public const string Live = "/health/live";

    /// <summary>Checks that a silo answers grain calls and that the database answers.</summary>
    public const string Ready = "/health/ready";
}

/// <summary>
/// <c>/health/live</c> never touches grains or the database (a liveness probe must not restart a process because the
/// database is slow); <c>/health/ready</c> checks the cluster and the database.
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Registers the readiness checks: cluster, database and blob store.</summary>
    public static IServiceCollection AddImgProcessHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag])
            .AddCheck<StorageHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<BlobStoreHealthCheck>("blob_store", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps <see cref="HealthPaths.Live"/> and <see cref="HealthPaths.Ready"/>.</summary>
    public static IEndpointRouteBuilder MapImgProcessHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(HealthPaths.Live, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        routes.MapHealthChecks(HealthPaths.Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return routes;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            Status = report.Status.ToString(),
            Checks = report.Entries.ToDictionary(e => e.Key, e => new { Status = e.Value.Status.ToString(), e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
