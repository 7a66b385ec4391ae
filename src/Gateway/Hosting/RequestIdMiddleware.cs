using System.Diagnostics;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// <c>X-Request-Id</c> on every response: the W3C trace id of the request (continued from a <c>traceparent</c> header
/// when the caller sends one). The same id is on every log line the request causes, in the gateway and in the grains.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var id = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
