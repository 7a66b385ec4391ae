using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Vision;

/// <summary>
/// An image's pixels as one array for random access, with bilinear sampling: what cropping a slanted text line or
/// filling a model's input needs. Opaque images ignore A (the alpha rule); others are composited over white.
/// </summary>
public sealed class PixelBuffer
{
    private readonly Rgba32[] pixels;
    private readonly bool opaque;

    /// <summary>Copies the pixels of <paramref name="image"/>.</summary>
    public PixelBuffer(Image<Rgba32> image, bool hasAlpha)
    {
        ArgumentNullException.ThrowIfNull(image);
        Width = image.Width;
        Height = image.Height;
        pixels = new Rgba32[Width * Height];
        image.CopyPixelDataTo(pixels);
        opaque = !hasAlpha;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The colour at pixel (x, y), 0–255 per channel, clamped to the edge.</summary>
    public (float R, float G, float B) At(int x, int y)
    {
        var p = pixels[(Math.Clamp(y, 0, Height - 1) * Width) + Math.Clamp(x, 0, Width - 1)];
        if (opaque || p.A == 255)
        {
            return (p.R, p.G, p.B);
        }

        // Over white: text drawn on a transparent page reads as it looks in a browser.
        var a = p.A / 255f;
        var white = 255 * (1 - a);
        return ((p.R * a) + white, (p.G * a) + white, (p.B * a) + white);
    }

    /// <summary>The bilinear colour at (x, y), where pixel centres are at whole coordinates.</summary>
    public (float R, float G, float B) Sample(float x, float y)
    {
        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        float fx = x - x0, fy = y - y0;
        var (r00, g00, b00) = At(x0, y0);
        var (r10, g10, b10) = At(x0 + 1, y0);
        var (r01, g01, b01) = At(x0, y0 + 1);
        var (r11, g11, b11) = At(x0 + 1, y0 + 1);
        float Mix(float v00, float v10, float v01, float v11) => ((v00 * (1 - fx)) + (v10 * fx)) * (1 - fy) + (((v01 * (1 - fx)) + (v11 * fx)) * fy);
        return (Mix(r00, r10, r01, r11), Mix(g00, g10, g01, g11), Mix(b00, b10, b01, b11));
    }
}
