using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Uploads;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Imaging;

public sealed class ImageDecodingTests
{
    private static readonly ImageDecoding Turbo = Decoding(JpegLibrary.LibjpegTurbo);
    private static readonly ImageDecoding ImageSharpOnly = Decoding(JpegLibrary.ImageSharp, PngLibrary.ImageSharp);
    private static readonly ImageDecoding Skia = Decoding(JpegLibrary.LibjpegTurbo, PngLibrary.Skia);

    private static ImageDecoding Decoding(JpegLibrary decoder, PngLibrary png = PngLibrary.Skia, long maxPixels = 50_000_000) =>
        new(Options.Create(new LimitsOptions { MaxPixelsPerImage = maxPixels }), Options.Create(new ProcessingOptions { JpegLibrary = decoder, PngLibrary = png }));

    // Noise in every channel, alpha included, so a swapped channel, premultiplied alpha or a colour transform shows.
    private static byte[] NoisyPng(PngColorType colours, PngBitDepth depth, PngInterlaceMode interlace = PngInterlaceMode.None, float? gamma = null)
    {
        var random = new Random(11);
        using var image = new Image<Rgba64>(97, 61);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = new Rgba64((ushort)random.Next(65536), (ushort)random.Next(65536), (ushort)random.Next(65536), (ushort)random.Next(65536));
            }
        }

        if (gamma is { } value)
        {
            image.Metadata.GetPngMetadata().Gamma = value;
        }

        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = colours, BitDepth = depth, InterlaceMethod = interlace });
        return stream.ToArray();
    }

    private static (Rgba32[] Pixels, string Library) DecodeWith(ImageDecoding decoding, byte[] bytes)
    {
        var header = decoding.Identify(bytes, ImageFormatSniffer.Png);
        using var image = decoding.Decode(bytes, header, out var library);
        return (Pixels(image), library);
    }

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
    public void The_default_JPEG_decoder_is_libjpeg_turbo_installed_or_put_next_to_the_service_by_the_build()
    {
        // Nothing to install: without Debian's libturbojpeg0 the build extracts its library into the output directory.
        var installed = File.Exists("/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0") || File.Exists("/lib/x86_64-linux-gnu/libturbojpeg.so.0");
        Assert.True(installed || File.Exists(Path.Combine(AppContext.BaseDirectory, "libturbojpeg.so.0")), "libturbojpeg.so.0 is neither installed nor in the build output");
        Assert.Equal(JpegLibrary.LibjpegTurbo, new ImageDecoding(Options.Create(new LimitsOptions())).JpegLibrary);
        Assert.Equal(JpegLibrary.ImageSharp, ImageSharpOnly.JpegLibrary);
    }

    [Fact]
    public void The_default_PNG_decoder_is_Skia_whose_native_library_ships_with_the_build()
    {
        Assert.Equal(PngLibrary.Skia, new ImageDecoding(Options.Create(new LimitsOptions())).PngLibrary);
        Assert.Equal(PngLibrary.ImageSharp, ImageSharpOnly.PngLibrary);
    }

    // PNG is lossless: for 8-bit samples there is one right answer, so Skia's pixels must be ImageSharp's exactly
    // (no colour transform from gAMA, alpha not premultiplied, palettes and transparency expanded alike).
    [Theory]
    [InlineData(PngColorType.Rgb, PngInterlaceMode.None, null)]
    [InlineData(PngColorType.RgbWithAlpha, PngInterlaceMode.None, null)]
    [InlineData(PngColorType.RgbWithAlpha, PngInterlaceMode.Adam7, null)]
    [InlineData(PngColorType.Grayscale, PngInterlaceMode.None, null)]
    [InlineData(PngColorType.GrayscaleWithAlpha, PngInterlaceMode.Adam7, null)]
    [InlineData(PngColorType.Palette, PngInterlaceMode.None, null)]
    [InlineData(PngColorType.Rgb, PngInterlaceMode.None, 1.0f)]
    public void Skia_decodes_an_8_bit_PNG_to_exactly_ImageSharps_pixels(PngColorType colours, PngInterlaceMode interlace, float? gamma)
    {
        var bytes = NoisyPng(colours, PngBitDepth.Bit8, interlace, gamma);

        var (ours, library) = DecodeWith(Skia, bytes);
        var (reference, referenceLibrary) = DecodeWith(ImageSharpOnly, bytes);

        Assert.Equal(("Skia", "ImageSharp"), (library, referenceLibrary));
        Assert.Equal(reference, ours);
    }

    [Fact]
    public void A_16_bit_PNG_is_ImageSharps_to_decode_so_its_pixels_keep_ImageSharps_rounding()
    {
        var bytes = NoisyPng(PngColorType.RgbWithAlpha, PngBitDepth.Bit16);

        var (ours, library) = DecodeWith(Skia, bytes);

        Assert.Equal("ImageSharp", library);
        Assert.Equal(DecodeWith(ImageSharpOnly, bytes).Pixels, ours);
    }

    [Fact]
    public void A_PNG_whose_image_data_does_not_inflate_is_refused_by_Skia_and_by_the_ImageSharp_path_alike()
    {
        // A flipped bit in the compressed data under a CRC that matches it: only the zlib stream is wrong.
        var bytes = NoisyPng(PngColorType.Rgb, PngBitDepth.Bit8);
        var (start, length) = ImageDataChunk(bytes);
        bytes[start + 8 + (length / 2)] ^= 0x40;
        var crc = HostileFiles.Crc32(bytes[(start + 4)..(start + 8 + length)]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(start + 8 + length), crc);

        Assert.Equal(NativeOutcome.Damaged, SkiaPng.TryDecode(bytes, new byte[97 * 61 * 4], 97, 61, out var failure));
        Assert.NotNull(failure);
        // ImageSharp would pad what it cannot inflate: neither path analyses the file.
        var damaged = Assert.Throws<InvalidImageContentException>(() => DecodeWith(Skia, bytes));
        Assert.Contains("damaged", damaged.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidImageContentException>(() => DecodeWith(ImageSharpOnly, bytes));
    }

    [Fact]
    public void A_PNG_with_a_wrong_CRC_is_refused_by_the_header_read_before_any_decoder_and_Skia_would_decline_it_too()
    {
        var bytes = NoisyPng(PngColorType.Rgb, PngBitDepth.Bit8);
        var (start, length) = ImageDataChunk(bytes);
        bytes[start + 8 + length] ^= 1;

        Assert.Throws<InvalidImageContentException>(() => Skia.Identify(bytes, ImageFormatSniffer.Png));
        Assert.Equal(NativeOutcome.Damaged, SkiaPng.TryDecode(bytes, new byte[97 * 61 * 4], 97, 61, out _));
    }

    [Fact]
    public void A_PNG_header_that_claims_more_pixels_than_the_limit_is_refused_before_Skia_runs()
    {
        var decoding = Decoding(JpegLibrary.LibjpegTurbo, PngLibrary.Skia, maxPixels: 1000);
        var bytes = HostileFiles.PngClaiming(9000, 9000);
        var header = decoding.Identify(bytes, ImageFormatSniffer.Png);

        Assert.Throws<InvalidMemoryOperationException>(() => decoding.Decode(bytes, header));
    }

    private static (int Start, int Length) ImageDataChunk(byte[] png)
    {
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (png.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8))
            {
                return (at, length);
            }

            at += 12 + length;
        }

        throw new InvalidOperationException("no IDAT chunk");
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
    public void A_JPEG_whose_scan_breaks_off_is_damaged_while_extraneous_bytes_before_a_marker_are_harmless()
    {
        // The end marker two thirds into the scan: libjpeg warns "premature end of data segment" (ImageSharp would pad).
        var whole = Jpeg(64, 48);
        byte[] brokenOff = [.. whole[..(whole.Length * 2 / 3)], 0xFF, 0xD9];
        var damaged = Assert.Throws<InvalidImageContentException>(() => Turbo.Decode(brokenOff, Turbo.Identify(brokenOff, ImageFormatSniffer.Jpeg)));
        Assert.Contains("premature end of data segment", damaged.Message, StringComparison.Ordinal);

        // Three stray bytes before the end marker: "extraneous bytes before marker 0xd9", every pixel still there.
        byte[] extraneous = [.. whole[..^2], 0x00, 0x11, 0x22, 0xFF, 0xD9];
        var header = Turbo.Identify(extraneous, ImageFormatSniffer.Jpeg);
        using var ours = Turbo.Decode(extraneous, header, out var library);
        using var reference = Turbo.Decode(whole, Turbo.Identify(whole, ImageFormatSniffer.Jpeg));
        Assert.Equal("libjpeg-turbo", library);
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
