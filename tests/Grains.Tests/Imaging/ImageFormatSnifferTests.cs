using System.Text;
using ImgProcess.Grains.Imaging;
using ImgProcess.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Imaging;

public sealed class ImageFormatSnifferTests
{
    public static TheoryData<string> EncodableFormats => new() { "PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP" };

    [Theory]
    [MemberData(nameof(EncodableFormats))]
    public void Recognises_real_files_of_every_decodable_format(string format)
    {
        using var image = new Image<Rgba32>(8, 8, new Rgba32(1, 2, 3, 255));
        using var stream = new MemoryStream();
        switch (format)
        {
            case "PNG": image.SaveAsPng(stream); break;
            case "JPEG": image.SaveAsJpeg(stream); break;
            case "GIF": image.SaveAsGif(stream); break;
            case "BMP": image.SaveAsBmp(stream); break;
            case "TIFF": image.SaveAsTiff(stream); break;
            case "WEBP": image.SaveAsWebp(stream); break;
        }

        var detected = ImageFormatSniffer.Detect(stream.ToArray());

        Assert.NotNull(detected);
        Assert.Equal(format, detected.Name);
        Assert.True(detected.Decodable);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "SVG")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>", "SVG")]
    [InlineData("%PDF-1.7 ...", "PDF")]
    public void Recognises_formats_it_refuses(string content, string format)
    {
        var detected = ImageFormatSniffer.Detect(Encoding.UTF8.GetBytes(content));

        Assert.NotNull(detected);
        Assert.Equal(format, detected.Name);
        Assert.False(detected.Decodable);
    }

    [Fact]
    public void Recognises_heic_by_its_ftyp_brand()
    {
        var heic = new byte[] { 0, 0, 0, 24 }.Concat("ftypheic"u8.ToArray()).Concat(new byte[16]).ToArray();

        Assert.Equal("HEIC", ImageFormatSniffer.Detect(heic)?.Name);
    }

    [Fact]
    public void A_HEIF_file_that_lists_an_AV1_brand_is_AVIF_and_an_MP4_is_no_image()
    {
        var avif = new byte[] { 0, 0, 0, 28 }.Concat("ftypmif1\0\0\0\0mif1avifmiaf"u8.ToArray()).Concat(new byte[16]).ToArray();
        var mp4 = new byte[] { 0, 0, 0, 24 }.Concat("ftypisom\0\0\0\0isomiso2"u8.ToArray()).Concat(new byte[16]).ToArray();

        Assert.Equal("AVIF", ImageFormatSniffer.Detect(avif)?.Name);
        Assert.Null(ImageFormatSniffer.Detect(mp4));
    }

    [Theory]
    [InlineData("hello, this is plain text")]
    [InlineData("<html><body>not an image</body></html>")]
    [InlineData("")]
    public void Text_and_html_are_not_images(string content)
    {
        Assert.Null(ImageFormatSniffer.Detect(Encoding.UTF8.GetBytes(content)));
    }

    [Fact]
    public void A_png_signature_needs_all_eight_bytes()
    {
        var png = TestImages.RedGreenBluePng();

        Assert.Equal("PNG", ImageFormatSniffer.Detect(png)?.Name);
        Assert.Null(ImageFormatSniffer.Detect(png.AsSpan(0, 7)));
    }
}
