namespace ImgProcess.Grains.Processors;

/// <summary>
/// The explicit registry of built-in processors: one list, in the order results are shown.
/// To add a processor, write the class and add it here (see the README recipe).
/// </summary>
public static class BuiltInProcessors
{
    /// <summary>Every built-in processor type.</summary>
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(AveragePixelProcessor),
        typeof(FormatAndDimensionsProcessor),
        typeof(ExifProcessor),
        typeof(HistogramProcessor),
        typeof(DominantColoursProcessor),
        typeof(PerceptualHashProcessor),
        typeof(SharpnessProcessor),
        typeof(ThumbnailProcessor),
        typeof(PlaceholderProcessor),
        typeof(TextProcessor),
        typeof(VisualEmbeddingProcessor),
    ];
}
