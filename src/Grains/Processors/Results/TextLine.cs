namespace ImgProcess.Grains.Processors.Results;

/// <summary>One line of <see cref="RecognizedText"/>.</summary>
/// <param name="Text">What it says.</param>
/// <param name="Confidence">How sure the recogniser is (0–1, three decimals).</param>
/// <param name="Box">Its axis-aligned bounds in the upright image: x, y, width, height.</param>
public sealed record TextLine(string Text, double Confidence, IReadOnlyList<int> Box);
