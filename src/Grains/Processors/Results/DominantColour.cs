namespace ImgProcess.Grains.Processors;

/// <summary>One dominant colour: <c>#rrggbb</c> and its share of the opaque pixels.</summary>
public sealed record DominantColour(string Hex, double Share);
