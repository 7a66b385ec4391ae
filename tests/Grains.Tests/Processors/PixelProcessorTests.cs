using System.Text.Json.Nodes;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Storage;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Tests.Processors;

public sealed class PixelProcessorTests
{
    private static async Task<JsonNode> RunAsync(IImageProcessor processor, byte[] bytes) =>
        JsonNode.Parse(await ProcessorHarness.RunToJsonAsync(processor, bytes))!;

    private static byte[] Png(Image<Rgba32> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Histogram_counts_every_pixel_into_equal_width_bins()
    {
        // Row: x = 0..255 in red, 255 - x in green, constant 77 in blue; 3 rows.
        using var image = new Image<Rgba32>(256, 3);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 256; x++)
            {
                image[x, y] = new Rgba32((byte)x, (byte)(255 - x), 77, 255);
            }
        }

        var result = await RunAsync(new HistogramProcessor(Options.Create(new HistogramOptions { Bins = 16 })), Png(image));

        Assert.Equal(16, result["bins"]!.GetValue<int>());
        Assert.Equal(768, result["pixel_count"]!.GetValue<long>());
        Assert.All(result["red"]!.AsArray(), bin => Assert.Equal(48, bin!.GetValue<long>()));
        Assert.All(result["green"]!.AsArray(), bin => Assert.Equal(48, bin!.GetValue<long>()));
        var blue = result["blue"]!.AsArray().Select(b => b!.GetValue<long>()).ToArray();
        Assert.Equal(768, blue[77 / 16]);
        Assert.Equal(768, blue.Sum());

        // Luminance by the Rec. 601 formula in exact decimal arithmetic, rounded half up.
        var expected = new long[16];
        for (var x = 0; x < 256; x++)
        {
            var luma = (int)Math.Floor((0.299m * x) + (0.587m * (255 - x)) + (0.114m * 77) + 0.5m);
            expected[luma / 16] += 3;
        }

        Assert.Equal(expected, result["luminance"]!.AsArray().Select(b => b!.GetValue<long>()).ToArray());
    }

    [Fact]
    public void Histogram_refuses_a_bin_count_that_does_not_divide_256()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HistogramProcessor(Options.Create(new HistogramOptions { Bins = 10 })));
    }

    [Fact]
    public async Task Dominant_colours_are_the_flat_regions_with_their_shares()
    {
        using var image = new Image<Rgba32>(100, 100, new Rgba32(255, 0, 0, 255));
        Fill(image, new Rgba32(0, 0, 255, 255), 50, 30);
        Fill(image, new Rgba32(0, 160, 0, 255), 80, 20);

        var result = await RunAsync(new DominantColoursProcessor(Options.Create(new DominantColoursOptions())), Png(image));

        var colours = result["colours"]!.AsArray().Select(c => (c!["hex"]!.GetValue<string>(), c["share"]!.GetValue<double>())).ToList();
        Assert.Equal([("#ff0000", 0.5), ("#0000ff", 0.3), ("#00a000", 0.2)], colours);
    }

    [Fact]
    public async Task Dominant_colours_ignore_transparent_pixels()
    {
        using var image = new Image<Rgba32>(10, 10, new Rgba32(0, 0, 0, 0));
        Fill(image, new Rgba32(10, 200, 30, 255), 0, 2);

        var result = await RunAsync(new DominantColoursProcessor(Options.Create(new DominantColoursOptions())), Png(image));

        var only = Assert.Single(result["colours"]!.AsArray());
        Assert.Equal("#0ac81e", only!["hex"]!.GetValue<string>());
        Assert.Equal(1.0, only["share"]!.GetValue<double>());
    }

    private static void Fill(Image<Rgba32> image, Rgba32 colour, int firstRow, int rows)
    {
        for (var y = firstRow; y < firstRow + rows; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = colour;
            }
        }
    }

    private static ulong Hash(byte[] bytes) => Convert.ToUInt64(
        ProcessorHarness.RunAsync(new PerceptualHashProcessor(), bytes).GetAwaiter().GetResult() as string, 16);

    [Fact]
    public void Perceptual_hash_survives_resizing_and_recompression_but_tells_images_apart()
    {
        var original = TestImages.LandscapeJpeg(640, 480, seed: 1, quality: 95);
        using var decoded = Image.Load<Rgb24>(original);
        using var smaller = decoded.Clone(c => c.Resize(320, 240));
        using var recompressed = new MemoryStream();
        smaller.SaveAsJpeg(recompressed, new JpegEncoder { Quality = 40 });

        var a = Hash(original);
        var b = Hash(recompressed.ToArray());
        var c = Hash(TestImages.LandscapeJpeg(640, 480, seed: 2));

        Assert.Matches("^[0-9a-f]{16}$", a.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(PerceptualHashProcessor.Distance(a, b), 0, 6);
        Assert.InRange(PerceptualHashProcessor.Distance(a, c), 16, 64);
    }

    [Fact]
    public async Task Sharpness_of_a_one_pixel_checkerboard_is_the_laplacian_of_a_full_swing()
    {
        using var board = new Image<Rgba32>(64, 64);
        for (var y = 0; y < 64; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                board[x, y] = (x + y) % 2 == 0 ? new Rgba32(255, 255, 255, 255) : new Rgba32(0, 0, 0, 255);
            }
        }

        // Every interior Laplacian is ±4·255, half of each sign: the variance is (4·255)².
        var result = await RunAsync(new SharpnessProcessor(), Png(board));

        Assert.Equal(1020.0 * 1020.0, result["laplacian_variance"]!.GetValue<double>(), 3);
        Assert.False(result["blurry"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Sharpness_is_zero_for_flat_and_lower_after_blurring()
    {
        var flat = await RunAsync(new SharpnessProcessor(), TestImages.SolidJpeg(100, 80, new Rgb24(50, 60, 70)));
        Assert.Equal(0, flat["laplacian_variance"]!.GetValue<double>());
        Assert.True(flat["blurry"]!.GetValue<bool>());

        var sharpBytes = TestImages.TestCardJpeg(400, 300);
        using var blurred = Image.Load<Rgb24>(sharpBytes);
        blurred.Mutate(c => c.GaussianBlur(3));
        using var stream = new MemoryStream();
        blurred.SaveAsJpeg(stream);

        var sharp = (await RunAsync(new SharpnessProcessor(), sharpBytes))["laplacian_variance"]!.GetValue<double>();
        var soft = (await RunAsync(new SharpnessProcessor(), stream.ToArray()))["laplacian_variance"]!.GetValue<double>();
        Assert.True(soft < sharp / 4, $"blurred {soft} vs sharp {sharp}");
    }

    [Theory]
    [InlineData(400, 200)] // scaled by 0.64: bicubic
    [InlineData(1000, 500)] // its 512 × 256 analysis copy halved: area average
    public async Task Thumbnail_applies_exif_orientation_and_is_stored_for_the_gateway(int width, int height)
    {
        using var data = new TempDirectory();
        var blobs = new FileBlobStore(Options.Create(new StorageOptions { DataDirectory = data.Path }));
        using var landscape = new Image<Rgb24>(width, height, new Rgb24(10, 100, 200));
        landscape.Metadata.ExifProfile = new ExifProfile();
        landscape.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6); // rotate 90° clockwise to display
        using var stream = new MemoryStream();
        landscape.SaveAsJpeg(stream);

        var result = await RunAsync(new ThumbnailProcessor(blobs, Options.Create(new ThumbnailOptions { MaxSide = 256 })), stream.ToArray());

        Assert.Equal(128, result["width"]!.GetValue<int>());
        Assert.Equal(256, result["height"]!.GetValue<int>());
        Assert.Equal("JPEG", result["format"]!.GetValue<string>());
        var url = result["url"]!.GetValue<string>();
        Assert.StartsWith(ThumbnailProcessor.UrlPrefix, url, StringComparison.Ordinal);
        var stored = await blobs.ReadAllAsync(url[ThumbnailProcessor.UrlPrefix.Length..]);
        Assert.NotNull(stored);
        Assert.Equal(result["size_bytes"]!.GetValue<long>(), stored.Length);
        using var thumbnail = Image.Load<Rgb24>(stored);
        Assert.Equal((128, 256), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task Thumbnail_and_perceptual_hash_declare_the_blob_and_the_hash_their_results_bring()
    {
        using var data = new TempDirectory();
        var blobs = new FileBlobStore(Options.Create(new StorageOptions { DataDirectory = data.Path }));
        var photo = TestImages.LandscapeJpeg(320, 240, seed: 3);

        var thumbnail = await ProcessorHarness.RunForResultAsync(new ThumbnailProcessor(blobs, Options.Create(new ThumbnailOptions())), photo);
        var hash = await ProcessorHarness.RunForResultAsync(new PerceptualHashProcessor(), photo);

        var url = Assert.IsType<Thumbnail>(thumbnail.Value).Url;
        Assert.Equal([url[ThumbnailProcessor.UrlPrefix.Length..]], thumbnail.DerivedBlobs);
        Assert.Null(thumbnail.SimilarityHash);
        Assert.Equal(Convert.ToUInt64(Assert.IsType<string>(hash.Value), 16), hash.SimilarityHash);
        Assert.Empty(hash.DerivedBlobs);
    }

    [Fact]
    public async Task Thumbnail_of_a_small_image_with_alpha_is_a_png_not_enlarged()
    {
        using var data = new TempDirectory();
        var blobs = new FileBlobStore(Options.Create(new StorageOptions { DataDirectory = data.Path }));

        var result = await RunAsync(new ThumbnailProcessor(blobs, Options.Create(new ThumbnailOptions())), TestImages.GradientRgbaPng(50, 40));

        Assert.Equal((50, 40), (result["width"]!.GetValue<int>(), result["height"]!.GetValue<int>()));
        Assert.Equal("PNG", result["format"]!.GetValue<string>());
        Assert.EndsWith(".png", result["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
