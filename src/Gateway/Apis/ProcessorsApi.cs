using ImgProcess.Gateway.Hosting;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Processing;
using Microsoft.AspNetCore.Http.HttpResults;

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

    public static async Task<Ok<List<ProcessorInfo>>> ListProcessors(IGrainFactory grains, GrainCallDeadline deadline) =>
        TypedResults.Ok(await GrainCalls.RetryAsync(grains.GetGrain<IProcessorCatalogGrain>(0).List, deadline.Calls));
}
