using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Tests;

/// <summary>Images built pixel by pixel in the test, so expected values follow from their construction.</summary>
internal static class TestImages
{
    /// <summary>The Flask service's own vector: 20×20 RGB, pixels 0..2 pure red, green, blue, the rest black. Mean 0.6375.</summary>
    public static byte[] RedGreenBluePng()
    {
        using var image = new Image<Rgb24>(20, 20, new Rgb24(0, 0, 0));
        image[0, 0] = new Rgb24(255, 0, 0);
        image[1, 0] = new Rgb24(0, 255, 0);
        image[2, 0] = new Rgb24(0, 0, 255);
        return Png(image, PngColorType.Rgb);
    }

    public static byte[] SolidJpeg(int width, int height, Rgb24 colour, int quality = 95)
    {
        using var image = new Image<Rgb24>(width, height, colour);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        return stream.ToArray();
    }

    public static byte[] Png<TPixel>(Image<TPixel> image, PngColorType colourType)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = colourType, BitDepth = PngBitDepth.Bit8 });
        return stream.ToArray();
    }

    /// <summary>A gradient with an alpha ramp; the pixel at (x, y) is a pure function of x and y.</summary>
    public static Rgba32 GradientPixel(int x, int y) => new((byte)(x * 7 % 256), (byte)(y * 11 % 256), (byte)((x + y) * 3 % 256), (byte)((x * y) % 256));

    public static byte[] GradientRgbaPng(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = GradientPixel(x, y);
            }
        }

        return Png(image, PngColorType.RgbWithAlpha);
    }

    /// <summary>A non-flat RGB photo-like test card: smooth gradients plus a few hard edges.</summary>
    public static byte[] TestCardJpeg(int width, int height, int quality = 90)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var edge = ((x / 37) + (y / 23)) % 2 == 0 ? 40 : 0;
                image[x, y] = new Rgb24((byte)Math.Min(255, (x * 255 / width) + edge), (byte)(y * 255 / height), (byte)((x + y) * 255 / (width + height)));
            }
        }

        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        return stream.ToArray();
    }
}
