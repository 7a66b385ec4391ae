using ImgProcess.Grains.Processors;

namespace ImgProcess.Grains.Processing;

/// <summary>A registered, enabled processor as <c>GET /processors</c> lists it.</summary>
/// <param name="Name">Display name (the key of its result).</param>
/// <param name="Description">What it returns.</param>
/// <param name="Version">Its version.</param>
/// <param name="Needs">What of the image it reads.</param>
/// <param name="Runs">Before the answer or after it, as configured.</param>
/// <param name="Unavailable">Why it is switched off on this silo (a model missing); null when it runs.</param>
[GenerateSerializer, Immutable]
public sealed record ProcessorInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string Version,
    [property: Id(3)] ImageNeed Needs,
    [property: Id(4)] ProcessorRuns Runs = ProcessorRuns.Inline,
    [property: Id(5)] string? Unavailable = null);
