namespace ImgProcess.Grains.Content;

/// <summary>Persisted state of a <see cref="ContentGrain"/>.</summary>
[GenerateSerializer]
public sealed class ContentState
{
    /// <summary>Image ids that reference the content.</summary>
    [Id(0)] public HashSet<string> References { get; set; } = [];

    /// <summary>Display name to result JSON.</summary>
    [Id(1)] public Dictionary<string, string> Results { get; set; } = [];

    /// <summary>Display name to error message.</summary>
    [Id(2)] public Dictionary<string, string> Errors { get; set; } = [];

    /// <summary>Processor name and version pairs the results were computed with ("name@version").</summary>
    [Id(3)] public List<string> ProcessorVersions { get; set; } = [];

    /// <summary>Blob keys of derived images (thumbnails) made from the content.</summary>
    [Id(4)] public HashSet<string> DerivedBlobs { get; set; } = [];

    /// <summary>Where the processors ran.</summary>
    [Id(5)] public string ProcessedOn { get; set; } = "";

    /// <summary>True when a processor could not decode the image at all.</summary>
    [Id(6)] public bool Unreadable { get; set; }

    /// <summary>The hash a processor contributed to the similarity index (<see cref="Processors.ProcessorResult.SimilarityHash"/>).</summary>
    [Id(7)] public ulong? SimilarityHash { get; set; }

    /// <summary>The deferred processors whose result (or error) is stored, as <c>name@version</c>.</summary>
    [Id(8)] public List<string> DeferredVersions { get; set; } = [];
}
