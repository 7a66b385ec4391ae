namespace ImgProcess.Grains.Processors;

/// <summary>The result of <see cref="DominantColoursProcessor"/>.</summary>
public sealed record DominantColours(IReadOnlyList<DominantColour> Colours);
