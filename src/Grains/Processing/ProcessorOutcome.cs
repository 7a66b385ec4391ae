namespace ImgProcess.Grains.Processing;

/// <summary>What one processor produced for one image: a JSON result or an error message, and how long it took.</summary>
/// <param name="Processor">The processor's display name.</param>
/// <param name="ResultJson">The result as JSON text; null on failure.</param>
/// <param name="Error">Why it failed; null on success.</param>
/// <param name="ElapsedMilliseconds">Wall time spent in the processor.</param>
/// <param name="Silo">The silo the processor ran on (empty when the call never reached one).</param>
/// <param name="ImageUnreadable">True when the failure was the image itself: its bytes could not be decoded.</param>
/// <param name="Unavailable">
/// True when the failure was ours, not the image's or the processor's: the bytes could not be read from the blob store,
/// or the call got no answer (a silo died, a message was lost). The upload is then not done; the client may retry.
/// </param>
/// <param name="DerivedBlobs">Blob keys the processor stored (<see cref="Processors.ProcessorResult.DerivedBlobs"/>); null when none.</param>
/// <param name="SimilarityHash">The hash the result contributes to the similarity index (<see cref="Processors.ProcessorResult.SimilarityHash"/>).</param>
/// <param name="LookVector">The vector the result contributes to the look-alike index (<see cref="Processors.ProcessorResult.LookVector"/>).</param>
/// <param name="SearchText">The text the result contributes to the text search index (<see cref="Processors.ProcessorResult.SearchText"/>).</param>
[GenerateSerializer, Immutable]
public sealed record ProcessorOutcome(
    [property: Id(0)] string Processor,
    [property: Id(1)] string? ResultJson,
    [property: Id(2)] string? Error,
    [property: Id(3)] double ElapsedMilliseconds,
    [property: Id(4)] string Silo = "",
    [property: Id(5)] bool ImageUnreadable = false,
    [property: Id(6)] bool Unavailable = false,
    [property: Id(7)] string[]? DerivedBlobs = null,
    [property: Id(8)] ulong? SimilarityHash = null,
    [property: Id(9)] float[]? LookVector = null,
    [property: Id(10)] string? SearchText = null)
{
    /// <summary>True when the processor returned a result.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A successful outcome.</summary>
    public static ProcessorOutcome Success(string processor, string json, double elapsedMilliseconds, string silo) => new(processor, json, null, elapsedMilliseconds, silo);

    /// <summary>The hash a set of outcomes contributes to the similarity index: the first successful one's that has one.</summary>
    public static ulong? SimilarityHashOf(IEnumerable<ProcessorOutcome> outcomes) => outcomes.FirstOrDefault(o => o.Succeeded && o.SimilarityHash is not null)?.SimilarityHash;

    /// <summary>A failed outcome.</summary>
    public static ProcessorOutcome Failure(string processor, string error, double elapsedMilliseconds, string silo = "") => new(processor, null, error, elapsedMilliseconds, silo);
}
