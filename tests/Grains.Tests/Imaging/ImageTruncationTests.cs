using ImgProcess.Grains.Imaging;
using ImgProcess.Tests;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.Formats.Webp;

namespace ImgProcess.Grains.Tests.Imaging;

/// <summary>Every accepted format: whole files pass, the same files cut anywhere are caught from their own structure.</summary>
public sealed class ImageTruncationTests
{
    public static TheoryData<string> Files => [.. Encodings.Keys];

    private static readonly Dictionary<string, Func<byte[]>> Encodings = new()
    {
        ["JPEG baseline"] = () => Landscape(new JpegEncoder { Quality = 90 }),
        ["JPEG progressive"] = TestImages.ProgressiveJpeg,
        ["PNG"] = () => Landscape(new PngEncoder()),
        ["WebP lossy"] = () => Landscape(new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }),
        ["WebP lossless"] = () => Landscape(new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }),
        ["GIF"] = () => Landscape(new GifEncoder()),
        ["GIF, many frames"] = () => HostileFiles.GifWithFrames(30),
        ["TIFF uncompressed"] = () => Landscape(new TiffEncoder { Compression = TiffCompression.None }),
        ["TIFF LZW"] = () => Landscape(new TiffEncoder { Compression = TiffCompression.Lzw }),
        ["TIFF Deflate"] = () => Landscape(new TiffEncoder { Compression = TiffCompression.Deflate }),
        ["TIFF PackBits"] = () => Landscape(new TiffEncoder { Compression = TiffCompression.PackBits }),
        ["BMP 24-bit"] = () => Landscape(new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }),
        ["BMP 32-bit"] = () => Landscape(new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32 }),
        ["BMP 8-bit palette"] = () => Landscape(new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }),
    };

    // An odd width, so BMP rows carry padding and TIFF strips do not divide evenly.
    private static byte[] Landscape(IImageEncoder encoder) => TestImages.Landscape(203, 150, seed: 3, encoder);

    private static SniffedFormat FormatOf(byte[] file) => ImageFormatSniffer.Detect(file.AsSpan(0, Math.Min(file.Length, ImageFormatSniffer.HeaderLength)))!;

    [Theory]
    [MemberData(nameof(Files))]
    public void A_whole_file_is_not_truncated(string name)
    {
        var file = Encodings[name]();
        Assert.Null(ImageTruncation.FindTruncation(file, FormatOf(file)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_cut_anywhere_is_truncated(string name)
    {
        var file = Encodings[name]();
        var format = FormatOf(file);

        // Cut at many places up to two bytes short of the whole file (a TIFF writer may end on one byte of word padding);
        // a PNG cut inside its IEND chunk has whole image data and is read (see below).
        var ends = format == ImageFormatSniffer.Png ? [] : new[] { file.Length - 2 };
        foreach (var keep in new[] { 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 }.Select(f => (int)(file.Length * f)).Concat(ends).Distinct())
        {
            var cut = file.AsSpan(0, keep);
            var reason = ImageTruncation.FindTruncation(cut, format);
            Assert.True(reason is not null, $"{name} cut to {keep} of {file.Length} bytes was taken as whole");
            Assert.Contains("truncated", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_PNG_cut_after_its_image_data_is_whole_as_Pillow_reads_it_but_not_one_cut_inside_it()
    {
        var file = Encodings["PNG"]();
        Assert.Null(ImageTruncation.FindTruncation(file.AsSpan(0, file.Length - 2), ImageFormatSniffer.Png));
        Assert.Null(ImageTruncation.FindTruncation(file.AsSpan(0, file.Length - 12), ImageFormatSniffer.Png));
        Assert.NotNull(ImageTruncation.FindTruncation(file.AsSpan(0, file.Length - 20), ImageFormatSniffer.Png));
    }

    [Fact]
    public void A_jpeg_with_data_after_its_end_marker_is_whole()
    {
        var file = Encodings["JPEG baseline"]();
        byte[] padded = [.. file, .. new byte[300]];
        Assert.Null(ImageTruncation.FindTruncation(padded, ImageFormatSniffer.Jpeg));
    }

    [Fact]
    public void A_bmp_whose_file_size_field_is_wrong_is_judged_by_its_pixel_array()
    {
        var file = Encodings["BMP 24-bit"]();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(2), (uint)file.Length * 2);
        Assert.Null(ImageTruncation.FindTruncation(file, ImageFormatSniffer.Bmp));
        Assert.NotNull(ImageTruncation.FindTruncation(file.AsSpan(0, file.Length - 10), ImageFormatSniffer.Bmp));
    }

    [Fact]
    public void A_jpeg_whose_data_is_too_short_for_its_declared_size_is_truncated_and_whole_ones_of_that_size_are_not()
    {
        // The smallest a whole 7000×7000 JPEG gets: one flat colour at the lowest quality (every block one DC code).
        var flat = TestImages.SolidJpeg(7000, 7000, new(128, 128, 128), quality: 1);
        Assert.Null(JpegDataBound.FindShortfall(flat));

        var claim = HostileFiles.JpegWithDataEndingEarly(TestImages.SolidJpeg(16, 16, new(90, 120, 200)), 7000, 7000);
        Assert.Null(ImageTruncation.FindTruncation(claim, ImageFormatSniffer.Jpeg)); // every marker is there
        Assert.Contains("truncated", JpegDataBound.FindShortfall(claim), StringComparison.Ordinal);
        Assert.Null(JpegDataBound.FindShortfall(TestImages.SolidJpeg(16, 16, new(90, 120, 200))));
    }
}
