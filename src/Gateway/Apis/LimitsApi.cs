using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Apis;

/// <summary>
/// <c>GET /limits</c>: what the service accepts, so a client (the web page among them) can refuse a file before
/// sending it instead of having the connection cut off mid-body.
/// </summary>
internal static class LimitsApi
{
    public static IEndpointRouteBuilder MapLimitsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/limits", GetLimits)
            .WithName("GetLimits")
            .WithTags("Processors")
            .WithSummary("The upload limits in effect: bytes, pixels, frames, accepted formats with the decoder of each, uploads per client per minute.");
        return routes;
    }

    public static Ok<LimitsAnswer> GetLimits(IOptions<LimitsOptions> options, ImageDecoding decoding)
    {
        var limits = options.Value;
        var readable = limits.AcceptedFormats.Where(decoding.CanRead).ToList();
        return TypedResults.Ok(new LimitsAnswer(
            limits.MaxUploadBytes,
            limits.MaxPixelsPerImage,
            limits.MaxPixelsPerSide,
            limits.MaxFrames,
            readable,
            limits.UploadsPerClientPerMinute,
            readable.ToDictionary(f => f, decoding.DecoderOf)));
    }
}
