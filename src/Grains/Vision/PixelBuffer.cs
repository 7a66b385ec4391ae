using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Vision;

/// <summary>
/// An image's pixels as the upright image shows them, read in place (no copy: the decoded frame may be tens of
/// megapixels, and its memory is already counted by the silo's pixel budget), with bilinear sampling: what cutting out
/// a slanted text line or filling a model's input needs. EXIF orientation is a mapping of coordinates, never a turned
/// copy. Opaque images ignore A (the alpha rule); others are composited over white.
/// </summary>
public sealed class PixelBuffer
{
    // Each row's pixels: the array behind the decoded frame and where the row starts in it, or (a frame in unmanaged
    // memory: ImageSharp puts buffers over 1 MB there) the row's memory itself. Never a copy.
    private readonly Rgba32[]?[] rowArrays;
    private readonly int[] rowStarts;
    private readonly Memory<Rgba32>[] rowMemories;
    private readonly bool opaque;
    private readonly int orientation;
    private readonly int storedWidth;
    private readonly int storedHeight;

    /// <summary>Reads <paramref name="image"/> (which must outlive this) as EXIF <paramref name="orientation"/> (1–8) says it is shown.</summary>
    public PixelBuffer(Image<Rgba32> image, bool hasAlpha, int orientation = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        rowArrays = new Rgba32[image.Height][];
        rowStarts = new int[image.Height];
        rowMemories = new Memory<Rgba32>[image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            rowMemories[y] = image.DangerousGetPixelRowMemory(y);
            if (MemoryMarshal.TryGetArray<Rgba32>(rowMemories[y], out var segment))
            {
                (rowArrays[y], rowStarts[y]) = (segment.Array, segment.Offset);
            }
        }

        (storedWidth, storedHeight) = (image.Width, image.Height);
        this.orientation = orientation is >= 1 and <= 8 ? orientation : 1;
        (Width, Height) = this.orientation >= 5 ? (image.Height, image.Width) : (image.Width, image.Height);
        opaque = !hasAlpha;
    }

    /// <summary>Upright width in pixels.</summary>
    public int Width { get; }

    /// <summary>Upright height in pixels.</summary>
    public int Height { get; }

    /// <summary>The EXIF orientation of <paramref name="image"/>: 1 (as stored) when it has none or one outside 1–8.</summary>
    public static int OrientationOf(Image image) =>
        image?.Metadata.ExifProfile?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation) is { Value: >= 1 and <= 8 } value ? value.Value : 1;

    /// <summary>The colour at upright pixel (x, y), 0–255 per channel, clamped to the edge.</summary>
    public (float R, float G, float B) At(int x, int y)
    {
        x = Math.Clamp(x, 0, Width - 1);
        y = Math.Clamp(y, 0, Height - 1);
        var (sx, sy) = orientation switch
        {
            2 => (storedWidth - 1 - x, y),
            3 => (storedWidth - 1 - x, storedHeight - 1 - y),
            4 => (x, storedHeight - 1 - y),
            5 => (y, x),
            6 => (y, storedHeight - 1 - x),
            7 => (storedWidth - 1 - y, storedHeight - 1 - x),
            8 => (storedWidth - 1 - y, x),
            _ => (x, y),
        };
        var array = rowArrays[sy];
        return Shade(array is null ? rowMemories[sy].Span[sx] : array[rowStarts[sy] + sx], opaque);
    }

    /// <summary>
    /// The colour a pixel shows, 0–255 per channel: as it is when the image is opaque (A ignored: the alpha rule), else
    /// over white, so text drawn on a transparent page reads as it looks in a browser.
    /// </summary>
    public static (float R, float G, float B) Shade(Rgba32 p, bool opaque)
    {
        if (opaque || p.A == 255)
        {
            return (p.R, p.G, p.B);
        }

        var a = p.A / 255f;
        var white = 255 * (1 - a);
        return ((p.R * a) + white, (p.G * a) + white, (p.B * a) + white);
    }

    /// <summary>The bilinear colour at upright (x, y), where pixel centres are at whole coordinates.</summary>
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
