namespace ImgProcess.Grains.Processors;

/// <summary>The result of <see cref="HistogramProcessor"/>: bin <c>i</c> covers values <c>i*256/bins</c> to <c>(i+1)*256/bins - 1</c>.</summary>
public sealed record Histogram(int Bins, long PixelCount, long[] Red, long[] Green, long[] Blue, long[] Luminance);
