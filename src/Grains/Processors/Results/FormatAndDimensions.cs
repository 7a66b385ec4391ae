namespace ImgProcess.Grains.Processors;

/// <summary>The result of <see cref="FormatAndDimensionsProcessor"/>.</summary>
public sealed record FormatAndDimensions(string Format, string MimeType, int Width, int Height, int FrameCount, int BitsPerPixel, bool HasAlpha);
