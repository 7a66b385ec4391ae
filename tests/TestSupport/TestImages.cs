using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
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

    /// <summary>
    /// A smooth, photo-like scene: a sum of low-frequency waves with seeded random phases per channel, plus a fine
    /// texture. Like a photograph, most of its energy is in low frequencies.
    /// </summary>
    public static byte[] LandscapeJpeg(int width, int height, int seed, int quality = 90) =>
        Landscape(width, height, seed, new JpegEncoder { Quality = quality });

    /// <summary>The landscape scene of <see cref="LandscapeJpeg"/> written by <paramref name="encoder"/> (WebP, GIF, TIFF, BMP, ...).</summary>
    public static byte[] Landscape(int width, int height, int seed, IImageEncoder encoder)
    {
        var random = new Random(seed);
        var waves = Enumerable.Range(0, 6).Select(_ => (fx: random.Next(1, 4), fy: random.Next(1, 4), phase: random.NextDouble() * Math.PI * 2, amplitude: 20 + random.NextDouble() * 40, channel: random.Next(3))).ToArray();
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Span<double> rgb = [128, 128, 128];
                foreach (var w in waves)
                {
                    var value = w.amplitude * Math.Sin((2 * Math.PI * ((w.fx * x / (double)width) + (w.fy * y / (double)height))) + w.phase);
                    rgb[w.channel] += value;
                    rgb[(w.channel + 1) % 3] += value / 3;
                }

                var texture = ((x * 31) + (y * 17)) % 7;
                image[x, y] = new Rgb24(Clamp(rgb[0] + texture), Clamp(rgb[1] + texture), Clamp(rgb[2] + texture));
            }
        }

        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>The GPS position <see cref="Geotagged"/> writes: 33°51'36" S, 151°12'54" E.</summary>
    public const string GeotagXmpLatitude = "33,51.6S";

    /// <summary>
    /// A landscape photograph written by <paramref name="encoder"/> with camera facts and a GPS position in its Exif
    /// block, and the same position in its XMP packet (as an attribute and as an element), as phones write them.
    /// </summary>
    public static byte[] Geotagged(IImageEncoder encoder)
    {
        using var image = Image.Load<Rgb24>(Landscape(96, 64, seed: 33, new PngEncoder()));
        var exif = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Make, "Canon");
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitudeRef, "S");
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitude, [new Rational(33, 1), new Rational(51, 1), new Rational(36, 1)]);
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLongitude, [new Rational(151, 1), new Rational(12, 1), new Rational(54, 1)]);
        image.Metadata.ExifProfile = exif;
        image.Frames.RootFrame.Metadata.ExifProfile = exif; // where the TIFF encoder looks
        var xmp = $"""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" exif:GPSLatitude="{GeotagXmpLatitude}" tiff:Make="Canon">
            <exif:GPSLongitude>151,12.9E</exif:GPSLongitude>
            </rdf:Description></rdf:RDF></x:xmpmeta>
            """;
        image.Metadata.XmpProfile = new SixLabors.ImageSharp.Metadata.Profiles.Xmp.XmpProfile(System.Text.Encoding.UTF8.GetBytes(xmp));
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>A 160×120 progressive JPEG (made with libjpeg's cjpeg -progressive; the image library writes baseline only).</summary>
    public static byte[] ProgressiveJpeg() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Assets", "progressive.jpg"));

    /// <summary>
    /// The same pixels with different bytes (so a different SHA-256, which deduplication cannot answer from stored
    /// results): a JPEG comment segment after the start marker, or a PNG tEXt chunk after IHDR.
    /// </summary>
    public static byte[] Stamped(byte[] image, string stamp)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(stamp);
        if (image.Length > 2 && image[0] == 0xFF && image[1] == 0xD8)
        {
            var length = text.Length + 2;
            return [0xFF, 0xD8, 0xFF, 0xFE, (byte)(length >> 8), (byte)length, .. text, .. image.AsSpan(2)];
        }

        if (image.Length > 33 && image[1] == (byte)'P' && image[2] == (byte)'N' && image[3] == (byte)'G')
        {
            byte[] typeAndData = [.. "tEXt"u8, .. "Comment\0"u8, .. text];
            var crc = HostileFiles.Crc32(typeAndData);
            var length = typeAndData.Length - 4;
            byte[] chunk = [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. typeAndData, (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
            return [.. image.AsSpan(0, 33), .. chunk, .. image.AsSpan(33)];
        }

        throw new ArgumentException("only JPEG and PNG can be stamped", nameof(image));
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);

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
