using ImgProcess.Gateway.Hosting;

namespace ImgProcess.Gateway.Security;

/// <summary>Conservative security headers on every response.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // Nothing from other origins. Inline styles are allowed for the API reference (it injects its styles) and the
    // Orleans Dashboard (style attributes); no inline scripts except the API reference's own, by nonce.
    private const string Policy = "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            var nonce = ApiReference.ScriptNonce(context);
            headers.ContentSecurityPolicy = nonce is null ? Policy : $"{Policy}; script-src 'self' 'nonce-{nonce}'";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
