using SixLabors.ImageSharp.Metadata;

namespace ImgProcess.Grains.Imaging;

/// <summary>What the file header says about an image, read without decoding any pixels.</summary>
/// <param name="Format">The sniffed format.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="BitsPerPixel">Bits per pixel as stored in the file.</param>
/// <param name="HasAlpha">Whether the stored pixels carry an alpha channel.</param>
/// <param name="FrameCount">Frames (GIF animation); 1 for single-frame formats.</param>
/// <param name="Metadata">The decoder's metadata (EXIF, ICC, format specifics). Lives only inside a silo.</param>
public sealed record ImageHeader(SniffedFormat Format, int Width, int Height, int BitsPerPixel, bool HasAlpha, int FrameCount, ImageMetadata Metadata)
{
    /// <summary>Width times height.</summary>
    public long PixelCount => (long)Width * Height;
}
