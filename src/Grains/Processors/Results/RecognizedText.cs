namespace ImgProcess.Grains.Processors.Results;

/// <summary>The text read in an image: all of it, one line per line, and each line with where it is.</summary>
/// <param name="Text">The lines joined with newlines, in reading order.</param>
/// <param name="Lines">Each line's text, confidence (0–1) and bounds [x, y, w, h] in the upright image.</param>
public sealed record RecognizedText(string Text, IReadOnlyList<TextLine> Lines);

