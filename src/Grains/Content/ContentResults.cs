namespace ImgProcess.Grains.Content;

/// <summary>Processor results for one content.</summary>
/// <param name="Results">Display name to result JSON.</param>
/// <param name="Errors">Display name to error message.</param>
/// <param name="ProcessedOn">The silo(s) the processors ran on.</param>
/// <param name="FromCache">True when the results were already stored (an identical upload came before).</param>
/// <param name="Unreadable">True when a processor could not decode the image at all.</param>
/// <param name="SimilarityHash">The hash a processor contributed to the similarity index, if one did.</param>
/// <param name="DeferredDone">The deferred processors whose current version has stored a result or an error.</param>
[GenerateSerializer, Immutable]
public sealed record ContentResults(
    [property: Id(0)] Dictionary<string, string> Results,
    [property: Id(1)] Dictionary<string, string> Errors,
    [property: Id(2)] string ProcessedOn,
    [property: Id(3)] bool FromCache,
    [property: Id(4)] bool Unreadable,
    [property: Id(5)] ulong? SimilarityHash = null,
    [property: Id(6)] IReadOnlyList<string>? DeferredDone = null);
