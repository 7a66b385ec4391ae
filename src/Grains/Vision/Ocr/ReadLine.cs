namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>One line of text read in an image.</summary>
/// <param name="Text">What it says.</param>
/// <param name="Confidence">The recogniser's mean probability of its characters (0–1).</param>
/// <param name="Quad">Where it is, along its slant.</param>
public sealed record ReadLine(string Text, float Confidence, Quad Quad);
