using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Imaging;

/// <summary>Pixel brightness shared by the processors that work on grey levels (histogram, perceptual hash, sharpness).</summary>
public static class Luma
{
    /// <summary>Rec. 601 luma in 0..255 (0.299 R + 0.587 G + 0.114 B), rounded, in integer arithmetic.</summary>
    public static int Of(Rgba32 p) => ((299 * p.R) + (587 * p.G) + (114 * p.B) + 500) / 1000;
}
