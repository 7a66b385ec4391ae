namespace ImgProcess.Grains.Processors;

/// <summary>
/// What a processor returns when its result brings more than a value: the blobs it stored (a thumbnail), which go when
/// the content goes, and the hash it contributes to the similarity index. Declared here by the processor, so nothing
/// downstream has to recognise a processor by name or read its JSON. A processor with only a value returns the value.
/// </summary>
/// <param name="Value">The result the client sees (serialised to JSON under the processor's name).</param>
public sealed record ProcessorResult(object? Value)
{
    /// <summary>Blob keys the processor stored for this content.</summary>
    public IReadOnlyList<string> DerivedBlobs { get; init; } = [];

    /// <summary>The 64-bit perceptual hash this result adds to the similarity index, if it has one.</summary>
    public ulong? SimilarityHash { get; init; }

    /// <summary>The unit vector this result adds to the look-alike index, if it has one.</summary>
    public IReadOnlyList<float>? LookVector { get; init; }

    /// <summary>The text this result adds to the text search index, if it has some.</summary>
    public string? SearchText { get; init; }

    /// <summary>What a processor returned, as a result: itself when it is one, else a bare value that declares nothing.</summary>
    public static ProcessorResult Of(object? returned) => returned as ProcessorResult ?? new ProcessorResult(returned);
}
