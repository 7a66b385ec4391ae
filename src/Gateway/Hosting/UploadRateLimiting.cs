using System.Globalization;
using System.Threading.RateLimiting;
using ImgProcess.Gateway.Apis;
using ImgProcess.Grains.Telemetry;
using Microsoft.AspNetCore.RateLimiting;

namespace ImgProcess.Gateway.Hosting;

/// <summary>Uploads per client address per minute (ASP.NET Core rate limiting): 429 with Retry-After beyond the limit.</summary>
internal static class UploadRateLimiting
{
    public const string PolicyName = "uploads";

    public static IServiceCollection AddUploadRateLimiting(this IServiceCollection services, int perMinute) =>
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, context => perMinute <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.RequestServices.GetRequiredService<ImgProcessMetrics>().UploadRejected("rate_limited");
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(
                    new LegacyError("Too many uploads", $"This client may upload {perMinute} images per minute (UploadsPerClientPerMinute); retry after {Math.Ceiling(retryAfter.TotalSeconds)} s."),
                    GatewayJson.Options,
                    cancellationToken);
            };
        });
}
