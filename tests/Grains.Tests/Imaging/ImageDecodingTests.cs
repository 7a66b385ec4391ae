using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Imaging;

public sealed class ImageDecodingTests
{
    private static readonly ImageDecoding Turbo = Decoding(JpegLibrary.LibjpegTurbo);
    private static readonly ImageDecoding ImageSharpOnly = Decoding(JpegLibrary.ImageSharp);

    private static ImageDecoding Decoding(JpegLibrary decoder, long maxPixels = 50_000_000) =>
        new(Options.Create(new LimitsOptions { MaxPixelsPerImage = maxPixels }), Options.Create(new ProcessingOptions { JpegLibrary = decoder }));

    // Smooth colour ramps with noise on top, so the two decoders' rounding shows somewhere; EXIF orientation 6.
    private static byte[] Jpeg(int width, int height, JpegColorType colours = JpegColorType.YCbCrRatio420)
    {
        var random = new Random(7);
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var noise = random.Next(-20, 21);
                image[x, y] = new Rgba32((byte)Math.Clamp((x * 255 / width) + noise, 0, 255), (byte)Math.Clamp((y * 255 / height) - noise, 0, 255), (byte)((x + y) * 255 / (width + height)), 255);
            }
        }

        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = 85, ColorType = colours });
        return stream.ToArray();
    }

    private static Rgba32[] Pixels(Image<Rgba32> image)
    {
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    [Fact]
    public void The_default_JPEG_decoder_is_libjpeg_turbo_when_it_is_installed()
    {
        // test.sh installs libturbojpeg0: a machine without it would benchmark and test the other decoder.
        Assert.True(File.Exists("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0") || File.Exists("/lib/x86_64-linux-gnu/libturbojpeg.so.0"), "libturbojpeg0 is not installed");
        Assert.Equal(JpegLibrary.LibjpegTurbo, new ImageDecoding(Options.Create(new LimitsOptions())).JpegLibrary);
        Assert.Equal(JpegLibrary.ImageSharp, ImageSharpOnly.JpegLibrary);
    }

    // Chroma at half resolution is upsampled differently by the two (libjpeg's "fancy" triangle filter), which on
    // pixel-scale noise differs by more than the rounding of full-resolution chroma; the image's means stay the same.
    [Theory]
    [InlineData(JpegColorType.YCbCrRatio420, 3.0)]
    [InlineData(JpegColorType.YCbCrRatio444, 1.0)]
    public void libjpeg_turbo_decodes_to_opaque_pixels_within_rounding_of_ImageSharp_with_the_header_metadata(JpegColorType colours, double meanTolerance)
    {
        var bytes = Jpeg(203, 117, colours);
        var header = Turbo.Identify(bytes, ImageFormatSniffer.Jpeg);

        using var ours = Turbo.Decode(bytes, header);
        using var reference = ImageSharpOnly.Decode(bytes, header);

        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        var (a, b) = (Pixels(ours), Pixels(reference));
        Assert.All(a, p => Assert.Equal(255, p.A));
        var differences = a.Zip(b, (p, q) => new[] { Math.Abs(p.R - q.R), Math.Abs(p.G - q.G), Math.Abs(p.B - q.B) }).SelectMany(d => d).ToArray();
        Assert.True(differences.Average() < meanTolerance, $"mean difference {differences.Average():0.###}");
        Assert.True(differences.Max() <= 40, $"largest difference {differences.Max()}");
        Assert.Equal(a.Average(p => p.R + p.G + p.B), b.Average(p => p.R + p.G + p.B), 0.5);
        // Not ImageSharp's pixels under another name: the two libraries round differently somewhere.
        Assert.Contains(differences, d => d > 0);
        Assert.Equal((ushort)6, ours.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value);
    }

    [Fact]
    public void A_JPEG_libjpeg_turbo_warns_about_is_ImageSharps_to_decode()
    {
        // The end marker two thirds into the scan: libjpeg warns ("premature end of data segment"), ImageSharp pads.
        var whole = Jpeg(64, 48);
        byte[] bytes = [.. whole[..(whole.Length * 2 / 3)], 0xFF, 0xD9];
        var header = Turbo.Identify(bytes, ImageFormatSniffer.Jpeg);

        using var ours = Turbo.Decode(bytes, header);
        using var reference = ImageSharpOnly.Decode(bytes, header);

        Assert.Equal(Pixels(reference), Pixels(ours));
    }

    [Fact]
    public void A_header_that_claims_more_pixels_than_the_limit_is_refused_before_libjpeg_turbo_runs()
    {
        // A small file whose frame header says 9000 × 9000: 324 MB of pixels against a 64-MB allocation limit.
        var bytes = Jpeg(16, 16);
        var sof = IndexOfFrameHeader(bytes);
        (bytes[sof + 5], bytes[sof + 6], bytes[sof + 7], bytes[sof + 8]) = (0x23, 0x28, 0x23, 0x28);
        var decoding = Decoding(JpegLibrary.LibjpegTurbo, maxPixels: 1000);
        var header = decoding.Identify(bytes, ImageFormatSniffer.Jpeg);
        Assert.Equal((9000, 9000), (header.Width, header.Height));

        Assert.Throws<InvalidMemoryOperationException>(() => decoding.Decode(bytes, header));
    }

    private static int IndexOfFrameHeader(byte[] jpeg)
    {
        for (var i = 2; i < jpeg.Length - 1; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                return i;
            }
        }

        throw new InvalidOperationException("no SOF0/SOF2 marker");
    }
}
