namespace ImgProcess.Gateway.Apis;

/// <summary>Wraps a result so it is sent with a Location header (202 Accepted for asynchronous uploads and backfills).</summary>
internal sealed class AcceptedAt(string location, IResult inner) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.Location = location;
        return inner.ExecuteAsync(httpContext);
    }
}
