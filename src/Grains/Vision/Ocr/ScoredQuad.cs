namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>A text region found in a probability map, with the map's mean probability inside it.</summary>
public readonly record struct ScoredQuad(Quad Quad, float Score);
