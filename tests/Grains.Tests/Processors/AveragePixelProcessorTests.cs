using ImgProcess.Grains.Processors;
using ImgProcess.Tests;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Processors;

public sealed class AveragePixelProcessorTests
{
    private readonly AveragePixelProcessor processor = new();

    [Fact]
    public async Task Flask_vector_red_green_blue_on_black_20x20_gives_0_6375()
    {
        var value = await ProcessorHarness.RunAsync(processor, TestImages.RedGreenBluePng());

        Assert.Equal(0.6375, Assert.IsType<double>(value), 12);
    }

    [Fact]
    public async Task Solid_colour_jpeg_averages_its_three_channels()
    {
        // JPEG is lossy, but a flat colour survives within one level per channel.
        var value = await ProcessorHarness.RunAsync(processor, TestImages.SolidJpeg(64, 48, new Rgb24(100, 150, 200)));

        Assert.InRange(Assert.IsType<double>(value), 149.0, 151.0);
    }

    [Fact]
    public async Task Png_with_alpha_includes_the_alpha_channel_in_the_mean()
    {
        const int width = 37, height = 23;
        double sum = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = TestImages.GradientPixel(x, y);
                sum += p.R + p.G + p.B + p.A;
            }
        }

        var expected = sum / (width * height * 4);

        var value = await ProcessorHarness.RunAsync(processor, TestImages.GradientRgbaPng(width, height));

        Assert.Equal(expected, Assert.IsType<double>(value), 9);
    }
}
