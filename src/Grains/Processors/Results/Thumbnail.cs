namespace ImgProcess.Grains.Processors;

/// <summary>The result of <see cref="ThumbnailProcessor"/>.</summary>
public sealed record Thumbnail(string Url, int Width, int Height, string Format, long SizeBytes);
