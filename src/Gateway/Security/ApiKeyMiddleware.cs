using ImgProcess.Gateway.Apis;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Security;

/// <summary>
/// Optional API keys: when keys are configured, writes need one (header <c>X-Api-Key</c> or <c>Authorization: Bearer</c>);
/// no key is 401, a key that is not allowed is 403. Keys are compared in constant time and never logged.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<AccessOptions> options, ApiKeyRing ring)
{

    public Task InvokeAsync(HttpContext context)
    {
        // Whoever presents a valid key is known by its name, also where no key is needed (ownership, scoped reads).
        var presented = Presented(context.Request);
        var caller = ring.WritesNeedKey && presented is not null ? ring.Identify(presented) : null;
        context.Items[typeof(Caller)] = caller ?? Caller.Anonymous;

        var needed = Needed(context.Request);
        if (needed is null)
        {
            return next(context);
        }

        if (presented is null)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
            return Problem(context, StatusCodes.Status401Unauthorized, "API key required", "This call needs an API key in the X-Api-Key header (or Authorization: Bearer).");
        }

        // Write keys include the admin keys, so any key identified passes where a write key is needed.
        if (caller is null || (needed == KeyKind.Admin && !caller.IsAdmin))
        {
            return Problem(context, StatusCodes.Status403Forbidden, "API key not allowed", "The API key is not allowed to make this call.");
        }

        return next(context);
    }

    private enum KeyKind
    {
        Write,
        Admin,
    }

    // Null when the request needs no key.
    private KeyKind? Needed(HttpRequest request)
    {
        if (!ring.WritesNeedKey)
        {
            return null;
        }

        var isWrite = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        var isAdmin = HttpMethods.IsPost(request.Method) && request.Path.Value?.TrimEnd('/').Equals("/images/reprocess", StringComparison.OrdinalIgnoreCase) == true;
        if (isAdmin && (ring.Current.Admin.Length > 0 || !string.IsNullOrWhiteSpace(options.Value.AdminApiKeysFile)))
        {
            return KeyKind.Admin;
        }

        return isWrite || options.Value.ProtectReads ? KeyKind.Write : null;
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var key) && !string.IsNullOrEmpty(key))
        {
            return key.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsJsonAsync(new { type = "about:blank", title, status, detail }, GatewayJson.Options, "application/problem+json");
    }
}
