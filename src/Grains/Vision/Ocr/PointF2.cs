namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>A point in image coordinates (pixels, y down).</summary>
public readonly record struct PointF2(float X, float Y);
