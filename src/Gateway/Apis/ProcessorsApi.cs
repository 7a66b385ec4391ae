using ImgProcess.Gateway.Hosting;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Processing;

namespace ImgProcess.Gateway.Apis;

/// <summary><c>GET /processors</c>: what runs on every upload.</summary>
internal static class ProcessorsApi
{
    public static IEndpointRouteBuilder MapProcessorsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/processors", ListProcessors)
            .WithName("ListProcessors")
            .WithTags("Processors")
            .WithSummary("The enabled processors: display name (the key in results), what each returns, version, and what of the image it reads.");
        return routes;
    }

    public static async Task<IResult> ListProcessors(IGrainFactory grains, GrainCallDeadline deadline)
    {
        var processors = await GrainCalls.RetryOnceAsync(grains.GetGrain<IProcessorCatalogGrain>(0).List, deadline.Calls);
        return TypedResults.Json(
            processors.Select(p => new { p.Name, p.Description, p.Version, Needs = p.Needs.ToString() }),
            GatewayJson.Options);
    }
}
