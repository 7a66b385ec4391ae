using ImgProcess.Grains.Faults;
using Microsoft.AspNetCore.Diagnostics;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// An outage is the service's, not the client's: whatever did not answer (a silo that died or is not yet declared dead,
/// the database, the blob store, a grain call past its deadline) the answer is 503 with Retry-After and the usual
/// problem body, so the request can simply be repeated. Anything else unhandled stays a 500: a bug of ours.
/// </summary>
internal sealed partial class UnavailableHandler(IProblemDetailsService problems, ILogger<UnavailableHandler> logger) : IExceptionHandler
{
    private const string RetryAfterSeconds = "2";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads an answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        // A grain call cancelled by its deadline (GrainCallDeadline) is a call that got no answer in time.
        var dependency = exception is OperationCanceledException ? Dependency.Cluster : Unavailability.Classify(exception);
        if (dependency is null)
        {
            return false;
        }

        LogUnavailable(dependency.Value, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        const string detail = "Part of the service did not answer in time; the request was not completed and can be repeated. An upload answered 503 is not listed.";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Titles[dependency.Value],
                Detail = detail,

                // The Flask contract's {error, details} too, for clients of the old service that read only those.
                Extensions = { ["error"] = Titles[dependency.Value], ["details"] = detail },
            },
        });
    }

    private static readonly Dictionary<Dependency, string> Titles = new()
    {
        [Dependency.Cluster] = "The cluster is temporarily unavailable",
        [Dependency.Database] = "The database is temporarily unavailable",
        [Dependency.BlobStore] = "The image store is temporarily unavailable",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} unavailable: {ExceptionType}: {Message}")]
    private partial void LogUnavailable(Dependency dependency, string exceptionType, string message);
}
