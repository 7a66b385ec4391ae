using System.Text.Json.Nodes;
using ImgProcess.Grains.Processors;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Processors;

public sealed class HeaderProcessorTests
{
    private static async Task<JsonNode> RunAsync(IImageProcessor processor, byte[] bytes) =>
        JsonNode.Parse(await ProcessorHarness.RunToJsonAsync(processor, bytes))!;

    [Fact]
    public async Task Format_and_dimensions_of_a_png_with_alpha()
    {
        var result = await RunAsync(new FormatAndDimensionsProcessor(), TestImages.GradientRgbaPng(37, 23));

        Assert.Equal("PNG", result["format"]!.GetValue<string>());
        Assert.Equal("image/png", result["mime_type"]!.GetValue<string>());
        Assert.Equal(37, result["width"]!.GetValue<int>());
        Assert.Equal(23, result["height"]!.GetValue<int>());
        Assert.Equal(1, result["frame_count"]!.GetValue<int>());
        Assert.Equal(32, result["bits_per_pixel"]!.GetValue<int>());
        Assert.True(result["has_alpha"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Format_and_dimensions_of_a_jpeg_and_an_animated_gif()
    {
        var jpeg = await RunAsync(new FormatAndDimensionsProcessor(), TestImages.SolidJpeg(30, 10, new Rgb24(1, 2, 3)));
        Assert.Equal("JPEG", jpeg["format"]!.GetValue<string>());
        Assert.Equal(24, jpeg["bits_per_pixel"]!.GetValue<int>());
        Assert.False(jpeg["has_alpha"]!.GetValue<bool>());

        using var gif = new Image<Rgba32>(5, 5, new Rgba32(0, 0, 0, 255));
        gif.Frames.AddFrame(new Image<Rgba32>(5, 5, new Rgba32(255, 0, 0, 255)).Frames.RootFrame);
        gif.Frames.AddFrame(new Image<Rgba32>(5, 5, new Rgba32(0, 255, 0, 255)).Frames.RootFrame);
        using var stream = new MemoryStream();
        gif.SaveAsGif(stream);
        var animated = await RunAsync(new FormatAndDimensionsProcessor(), stream.ToArray());
        Assert.Equal("GIF", animated["format"]!.GetValue<string>());
        Assert.Equal(3, animated["frame_count"]!.GetValue<int>());
    }

    private static byte[] JpegWithExif(Action<ExifProfile> fill)
    {
        using var image = new Image<Rgb24>(40, 20, new Rgb24(90, 90, 90));
        image.Metadata.ExifProfile = new ExifProfile();
        fill(image.Metadata.ExifProfile);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    private static void Camera(ExifProfile exif)
    {
        exif.SetValue(ExifTag.Make, "Canon");
        exif.SetValue(ExifTag.Model, "EOS 5D Mark IV");
        exif.SetValue(ExifTag.LensModel, "EF24-70mm f/2.8L II USM");
        exif.SetValue(ExifTag.DateTimeOriginal, "2021:06:01 12:34:56");
        exif.SetValue(ExifTag.ExposureTime, new Rational(1, 250));
        exif.SetValue(ExifTag.FNumber, new Rational(28, 10));
        exif.SetValue(ExifTag.ISOSpeedRatings, new ushort[] { 400 });
        exif.SetValue(ExifTag.FocalLength, new Rational(50, 1));
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.GPSLatitudeRef, "S");
        exif.SetValue(ExifTag.GPSLatitude, new[] { new Rational(33, 1), new Rational(51, 1), new Rational(36, 1) });
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, new[] { new Rational(151, 1), new Rational(12, 1), new Rational(54, 1) });
    }

    [Fact]
    public async Task Exif_reports_camera_facts_and_only_the_presence_of_gps()
    {
        var result = await RunAsync(new ExifProcessor(Options.Create(new ExifOptions())), JpegWithExif(Camera));

        Assert.True(result["present"]!.GetValue<bool>());
        Assert.Equal(6, result["orientation"]!.GetValue<int>());
        Assert.Equal("Canon", result["make"]!.GetValue<string>());
        Assert.Equal("EOS 5D Mark IV", result["model"]!.GetValue<string>());
        Assert.Equal("EF24-70mm f/2.8L II USM", result["lens"]!.GetValue<string>());
        Assert.Equal("2021-06-01T12:34:56", result["captured_at"]!.GetValue<string>());
        Assert.Equal("1/250", result["exposure_time"]!.GetValue<string>());
        Assert.Equal(2.8, result["f_number"]!.GetValue<double>());
        Assert.Equal(400, result["iso"]!.GetValue<int>());
        Assert.Equal(50, result["focal_length_mm"]!.GetValue<double>());
        Assert.True(result["gps_present"]!.GetValue<bool>());
        Assert.Null(result["gps"]);
    }

    [Fact]
    public async Task Exif_gives_coordinates_only_when_configured()
    {
        var result = await RunAsync(new ExifProcessor(Options.Create(new ExifOptions { IncludeGpsCoordinates = true })), JpegWithExif(Camera));

        // 33°51'36" S, 151°12'54" E.
        Assert.Equal(-(33 + (51 / 60.0) + (36 / 3600.0)), result["gps"]!["latitude"]!.GetValue<double>(), 5);
        Assert.Equal(151 + (12 / 60.0) + (54 / 3600.0), result["gps"]!["longitude"]!.GetValue<double>(), 5);
    }

    [Fact]
    public async Task An_image_without_exif_says_so()
    {
        var result = await RunAsync(new ExifProcessor(Options.Create(new ExifOptions())), TestImages.RedGreenBluePng());

        Assert.False(result["present"]!.GetValue<bool>());
        Assert.Equal(1, result["orientation"]!.GetValue<int>());
        Assert.False(result["gps_present"]!.GetValue<bool>());
    }
}
