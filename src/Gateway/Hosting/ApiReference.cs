using Scalar.AspNetCore;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// The browsable API reference at <see cref="Path"/>: Scalar rendering <c>/openapi/v1.json</c>, its script bundle served
/// from the gateway (no CDN, no external fonts, no telemetry), its one inline script allowed by a per-request nonce.
/// </summary>
internal static class ApiReference
{
    public const string Path = "/api";

    public static IEndpointRouteBuilder MapImgProcessApiReference(this IEndpointRouteBuilder routes)
    {
        routes.MapScalarApiReference(Path, options => options
            .WithTitle("ImgProcess API")
            .ExpandAllTags()
            .HideDeveloperTools()
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce());
        return routes;
    }

    /// <summary>The nonce Scalar put on this response's inline script, if it served one.</summary>
    public static string? ScriptNonce(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Path, StringComparison.Ordinal)
        && context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) ? nonce as string : null;
}
