using Orleans.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// While the cluster cannot answer (a silo died and membership has not settled, no silo is up yet, a call timed
/// out) the gateway says so with 503 and Retry-After instead of a 500: the request can simply be repeated.
/// </summary>
internal sealed partial class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException or InconsistentStateException))
        {
            return false;
        }

        LogUnavailable(exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The cluster is temporarily unavailable",
                Detail = "A silo did not answer; nothing was stored for this request unless it answered 200 before. Retry shortly.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable: {ExceptionType}: {Message}")]
    private partial void LogUnavailable(string exceptionType, string message);
}
