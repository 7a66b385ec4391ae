namespace ImgProcess.Grains.Processors;

/// <summary>The result of <see cref="SharpnessProcessor"/>.</summary>
public sealed record Sharpness(double LaplacianVariance, bool Blurry);
