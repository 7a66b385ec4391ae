namespace ImgProcess.Grains.Processors.Results;

/// <summary>The text read in an image: all of it, one line per line, and each line with where it is.</summary>
/// <param name="Text">The lines joined with newlines, in reading order.</param>
/// <param name="Lines">Each line's text, confidence (0–1) and bounds [x, y, w, h] in the upright image.</param>
public sealed record RecognizedText(string Text, IReadOnlyList<TextLine> Lines);

/// <summary>One line of <see cref="RecognizedText"/>.</summary>
/// <param name="Text">What it says.</param>
/// <param name="Confidence">How sure the recogniser is (0–1, three decimals).</param>
/// <param name="Box">Its axis-aligned bounds in the upright image: x, y, width, height.</param>
public sealed record TextLine(string Text, double Confidence, IReadOnlyList<int> Box);
