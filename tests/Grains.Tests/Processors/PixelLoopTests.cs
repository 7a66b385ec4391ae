using System.Text.Json.Nodes;
using ImgProcess.Grains.Processors;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Processors;

/// <summary>
/// The pixel loops are written for speed (vectors, split counters, integer sums); each must give exactly what the plain
/// per-pixel definition gives, on noise (every value occurs) and at the shapes that reach their edge cases: widths that
/// are not a multiple of the vector, one-pixel images, and rows longer than a vector accumulator may run.
/// </summary>
public sealed class PixelLoopTests
{
    public static TheoryData<int, int, bool> Shapes => new()
    {
        { 37, 23, false },
        { 37, 23, true },
        { 1, 1, true },
        { 1, 9, false },
        { 7, 3, true },
        { 5000, 3, true },
        { 4099, 2, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Average_equals_the_plain_mean(int width, int height, bool alpha)
    {
        using var image = Noise(width, height, alpha, seed: width * height);
        double sum = 0;
        ForEachPixel(image, p => sum += p.R + p.G + p.B + (alpha ? p.A : 0));
        var expected = sum / ((double)width * height * (alpha ? 4 : 3));

        var value = await ProcessorHarness.RunAsync(new AveragePixelProcessor(), Png(image));

        Assert.Equal(expected, Assert.IsType<double>(value), 12);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Histogram_equals_the_plain_count(int width, int height, bool alpha)
    {
        using var image = Noise(width, height, alpha, seed: width + height);
        var expected = new long[4][];
        for (var c = 0; c < 4; c++)
        {
            expected[c] = new long[256];
        }

        ForEachPixel(image, p =>
        {
            expected[0][p.R]++;
            expected[1][p.G]++;
            expected[2][p.B]++;
            expected[3][(int)Math.Floor((0.299m * p.R) + (0.587m * p.G) + (0.114m * p.B) + 0.5m)]++;
        });

        var result = JsonNode.Parse(await ProcessorHarness.RunToJsonAsync(new HistogramProcessor(Options.Create(new HistogramOptions { Bins = 256 })), Png(image)))!;

        Assert.Equal((long)width * height, result["pixel_count"]!.GetValue<long>());
        string[] channels = ["red", "green", "blue", "luminance"];
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(expected[c], result[channels[c]]!.AsArray().Select(b => b!.GetValue<long>()).ToArray());
        }
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(61, 17)]
    [InlineData(512, 300)]
    public async Task Sharpness_equals_the_plain_laplacian_variance(int width, int height)
    {
        using var image = Noise(width, height, alpha: false, seed: 7);
        var luma = new double[width, height];
        ForEachPixel(image, (p, x, y) => luma[x, y] = ImgProcess.Grains.Imaging.Luma.Of(p));
        var values = new List<double>();
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                values.Add(luma[x - 1, y] + luma[x + 1, y] + luma[x, y - 1] + luma[x, y + 1] - (4 * luma[x, y]));
            }
        }

        var mean = values.Average();
        var expected = values.Sum(v => (v - mean) * (v - mean)) / values.Count;

        var result = Assert.IsType<Sharpness>(await ProcessorHarness.RunAsync(new SharpnessProcessor(), Png(image)));

        Assert.Equal(Math.Round(expected, 3), result.LaplacianVariance, 6);
    }

    [Theory]
    [InlineData(1000, 872, 512, 446, false)]
    [InlineData(37, 23, 5, 3, true)]
    [InlineData(7, 3, 7, 3, false)]
    [InlineData(4099, 2, 33, 1, false)]
    [InlineData(5, 9, 1, 1, true)]
    public void Area_downscale_gives_each_target_pixel_the_mean_of_its_area(int width, int height, int targetWidth, int targetHeight, bool alpha)
    {
        using var image = Noise(width, height, alpha, seed: width * 31 + height);
        if (alpha)
        {
            // One fully transparent area, which must come out transparent black.
            for (var y = 0; y < height / targetHeight; y++)
            {
                for (var x = 0; x < width / targetWidth; x++)
                {
                    image[x, y] = default;
                }
            }
        }

        using var small = ImgProcess.Grains.Imaging.AreaDownscale.Shrink(image, targetWidth, targetHeight);

        Assert.Equal((targetWidth, targetHeight), (small.Width, small.Height));
        for (var ty = 0; ty < targetHeight; ty++)
        {
            for (var tx = 0; tx < targetWidth; tx++)
            {
                double r = 0, g = 0, b = 0, a = 0, n = 0;
                for (var y = ty * height / targetHeight; y < (ty + 1) * height / targetHeight; y++)
                {
                    for (var x = tx * width / targetWidth; x < (tx + 1) * width / targetWidth; x++)
                    {
                        var p = image[x, y];
                        (r, g, b, a, n) = (r + (p.R * p.A), g + (p.G * p.A), b + (p.B * p.A), a + p.A, n + 1);
                    }
                }

                var actual = small[tx, ty];
                double[] expected = a == 0 ? [0, 0, 0, 0] : [r / a, g / a, b / a, a / n];
                double[] got = [actual.R, actual.G, actual.B, actual.A];
                for (var c = 0; c < 4; c++)
                {
                    Assert.True(Math.Abs(got[c] - expected[c]) <= 0.501, $"pixel ({tx}, {ty}) channel {c}: {got[c]}, the area's mean is {expected[c]:0.###}");
                }
            }
        }
    }

    private static Image<Rgba32> Noise(int width, int height, bool alpha, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgba32>(width, height);
        var bytes = new byte[4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                random.NextBytes(bytes);
                image[x, y] = new Rgba32(bytes[0], bytes[1], bytes[2], alpha ? bytes[3] : (byte)255);
            }
        }

        return image;
    }

    private static void ForEachPixel(Image<Rgba32> image, Action<Rgba32> action) => ForEachPixel(image, (p, _, _) => action(p));

    private static void ForEachPixel(Image<Rgba32> image, Action<Rgba32, int, int> action)
    {
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                action(image[x, y], x, y);
            }
        }
    }

    // Opaque noise is written without an alpha channel, so the service reads it as a file without one.
    private static byte[] Png(Image<Rgba32> image)
    {
        var opaque = true;
        ForEachPixel(image, p => opaque &= p.A == 255);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = opaque ? PngColorType.Rgb : PngColorType.RgbWithAlpha });
        return stream.ToArray();
    }
}
