using System.Diagnostics;
using System.Text.Json;
using ImgProcess.Grains.Processors.Placeholders;

namespace ImgProcess.Grains.Tests.Processors;

/// <summary>
/// The placeholder encoders against the formats' reference implementations (npm thumbhash 0.1.1 by Evan Wallace,
/// blurhash 2.0.5 by Wolt, run by Node in the test: scripts/placeholder-reference.sh installs them), byte for byte,
/// and decoded back: a BlurHash decoder and ThumbHash's average colour, written here from the formats' definitions.
/// </summary>
public sealed class PlaceholderTests
{
    private const string Base83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    public static TheoryData<string, int, int, bool> Images => new()
    {
        { "landscape photograph-like", 100, 75, false },
        { "portrait with an alpha gradient", 60, 100, true },
        { "one pixel", 1, 1, false },
        { "noise with noisy alpha", 100, 100, true },
        { "odd size", 33, 17, false },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Both_hashes_are_the_reference_implementations_byte_for_byte(string name, int width, int height, bool alpha)
    {
        var rgba = Picture(width, height, alpha, seed: name.Length);
        var (componentsX, componentsY) = width >= height ? (4, 3) : (3, 4);

        var reference = Reference(rgba, width, height, componentsX, componentsY);

        Assert.Equal(reference.GetProperty("thumbhash").GetString(), Convert.ToBase64String(ThumbHash.Encode(width, height, rgba)));
        Assert.Equal(reference.GetProperty("blurhash").GetString(), BlurHash.Encode(width, height, rgba, componentsX, componentsY));
    }

    [Fact]
    public void Decoded_back_the_hashes_carry_the_images_colours()
    {
        const int width = 80, height = 60;
        var rgba = Picture(width, height, alpha: false, seed: 3);
        var mean = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, width * height).Average(i => rgba[(i * 4) + c]) / 255).ToArray();

        // ThumbHash's header holds the average colour as luminance and two colour differences, 6 bits each.
        var (r, g, b) = ThumbHashAverage(ThumbHash.Encode(width, height, rgba));
        Assert.Equal(mean[0], r, 0.04);
        Assert.Equal(mean[1], g, 0.04);
        Assert.Equal(mean[2], b, 0.04);

        // BlurHash of a smooth picture, decoded at its size, is within a few levels of it on average.
        var smooth = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            (smooth[i * 4], smooth[(i * 4) + 1], smooth[(i * 4) + 2], smooth[(i * 4) + 3]) = ((byte)(200 - (i % width * 2)), (byte)(180 - (i / width * 2)), 150, 255);
        }

        var decoded = DecodeBlurHash(BlurHash.Encode(width, height, smooth, 4, 3), width, height);
        var error = Enumerable.Range(0, width * height * 4).Where(i => i % 4 != 3).Average(i => Math.Abs(decoded[i] - smooth[i]));
        Assert.True(error < 8, $"mean error {error:0.0} levels");
    }

    [Fact]
    public void The_published_BlurHash_example_decoded_and_encoded_again_decodes_to_the_same_picture()
    {
        // The example of Wolt's README ("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 4×3 components).
        const string published = "LEHV6nWB2yk8pyo0adR*.7kCMdnj";
        var picture = DecodeBlurHash(published, 64, 48);

        var again = BlurHash.Encode(64, 48, picture, 4, 3);

        // Decoding and encoding again is not exactly idempotent (the basis is sampled, not orthogonal): the number of
        // components and the average colour come back exactly, the rest within a step.
        Assert.Equal(published[..1], again[..1]);
        Assert.Equal(published[2..6], again[2..6]);
        var redecoded = DecodeBlurHash(again, 64, 48);
        Assert.True(Enumerable.Range(0, picture.Length).Average(i => Math.Abs(picture[i] - redecoded[i])) < 2.5);
    }

    [Fact]
    public void A_brightening_gradient_keeps_its_strongest_component_where_the_npm_encoder_clips_it()
    {
        // Brighter to the right: the strongest component is negative. The npm encoder scales by the largest signed
        // value and clips it; ours (as Wolt's C encoder) by the largest magnitude, and decodes close to the picture.
        const int width = 80, height = 60;
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            (rgba[i * 4], rgba[(i * 4) + 1], rgba[(i * 4) + 2], rgba[(i * 4) + 3]) = ((byte)(40 + (i % width * 2)), (byte)(60 + (i / width * 2)), 150, 255);
        }

        var ours = BlurHash.Encode(width, height, rgba, 4, 3);
        var npm = Reference(rgba, width, height, 4, 3).GetProperty("blurhash").GetString()!;
        double Error(string hash)
        {
            var decoded = DecodeBlurHash(hash, width, height);
            return Enumerable.Range(0, rgba.Length).Where(i => i % 4 != 3).Average(i => Math.Abs(decoded[i] - rgba[i]));
        }

        Assert.Equal(npm[2..6], ours[2..6]); // the same average colour
        Assert.True(Error(ours) < 8, $"ours decodes {Error(ours):0.0} levels off");
        Assert.True(Error(ours) < Error(npm) / 2, $"ours {Error(ours):0.0}, npm {Error(npm):0.0} levels off");
    }

    // A smooth scene (each channel strongest where its first component is positive: darker to the right and down) with
    // a little deterministic noise, and optionally an alpha gradient with noise.
    private static byte[] Picture(int width, int height, bool alpha, int seed)
    {
        var random = new Random(seed);
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                rgba[i] = (byte)Math.Clamp(255 - (255 * x / Math.Max(1, width - 1)) + random.Next(-12, 13), 0, 255);
                rgba[i + 1] = (byte)Math.Clamp(120 + (60 * Math.Cos(Math.PI * y / Math.Max(1, height))) + random.Next(-12, 13), 0, 255);
                rgba[i + 2] = (byte)Math.Clamp(200 - (150 * y / Math.Max(1, height - 1)) + random.Next(-12, 13), 0, 255);
                rgba[i + 3] = alpha ? (byte)Math.Clamp((255 * y / Math.Max(1, height - 1)) + random.Next(-30, 31), 0, 255) : (byte)255;
            }
        }

        return rgba;
    }

    private static JsonElement Reference(byte[] rgba, int width, int height, int componentsX, int componentsY)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, rgba);
            var directory = ReferenceDirectory();
            var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "placeholder_reference.mjs", file, $"{width}", $"{height}", $"{componentsX}", $"{componentsY}" })
            {
                start.ArgumentList.Add(argument);
            }

            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEnd();
            var error = node.StandardError.ReadToEnd();
            node.WaitForExit();
            Assert.True(node.ExitCode == 0, error);
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }

    // test.sh names it; a plain `dotnet test` runs the script that installs it, found above the build output.
    private static string ReferenceDirectory()
    {
        if (Environment.GetEnvironmentVariable("IMGPROCESS_TEST_PLACEHOLDER_REFERENCE") is { Length: > 0 } named)
        {
            return named;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "scripts", "placeholder-reference.sh")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        using var script = Process.Start(new ProcessStartInfo(Path.Combine(root.FullName, "scripts", "placeholder-reference.sh")) { RedirectStandardOutput = true })!;
        var directory = script.StandardOutput.ReadToEnd().Trim();
        script.WaitForExit();
        return directory;
    }

    // The average colour in ThumbHash's header: L (6 bits), P and Q (6 bits each around 0), then back to RGB.
    private static (double R, double G, double B) ThumbHashAverage(byte[] hash)
    {
        var header = hash[0] | (hash[1] << 8) | (hash[2] << 16);
        var l = (header & 63) / 63.0;
        var p = (((header >> 6) & 63) / 31.5) - 1;
        var q = (((header >> 12) & 63) / 31.5) - 1;
        var b = l - (2.0 / 3 * p);
        var r = ((3 * l) - b + q) / 2;
        return (r, r - q, b);
    }

    // BlurHash's definition: components from base 83, AC de-quantised (sign · value² · maximum), summed in linear light.
    private static byte[] DecodeBlurHash(string hash, int width, int height)
    {
        int Decode83(string s) => s.Aggregate(0, (value, c) => (value * 83) + Base83.IndexOf(c, StringComparison.Ordinal));
        double ToLinear(int v) => v / 255.0 <= 0.04045 ? v / 255.0 / 12.92 : Math.Pow(((v / 255.0) + 0.055) / 1.055, 2.4);
        byte ToSrgb(double v) => (byte)(Math.Clamp(v, 0, 1) <= 0.0031308 ? Math.Clamp(v, 0, 1) * 12.92 * 255 + 0.5 : ((1.055 * Math.Pow(Math.Clamp(v, 0, 1), 1 / 2.4)) - 0.055) * 255 + 0.5);

        var size = Decode83(hash[..1]);
        var (nx, ny) = ((size % 9) + 1, (size / 9) + 1);
        var maximum = (Decode83(hash[1..2]) + 1) / 166.0;
        var colours = new (double R, double G, double B)[nx * ny];
        var dc = Decode83(hash[2..6]);
        colours[0] = (ToLinear(dc >> 16), ToLinear((dc >> 8) & 255), ToLinear(dc & 255));
        double Ac(int quantised) => Math.CopySign(Math.Pow((quantised - 9) / 9.0, 2), quantised - 9) * maximum;
        for (var i = 1; i < colours.Length; i++)
        {
            var value = Decode83(hash.Substring(4 + (i * 2), 2));
            colours[i] = (Ac(value / 361), Ac(value / 19 % 19), Ac(value % 19));
        }

        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double r = 0, g = 0, b = 0;
                for (var j = 0; j < ny; j++)
                {
                    for (var i = 0; i < nx; i++)
                    {
                        var basis = Math.Cos(Math.PI * x * i / width) * Math.Cos(Math.PI * y * j / height);
                        var c = colours[(j * nx) + i];
                        (r, g, b) = (r + (c.R * basis), g + (c.G * basis), b + (c.B * basis));
                    }
                }

                var at = ((y * width) + x) * 4;
                (pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]) = (ToSrgb(r), ToSrgb(g), ToSrgb(b), 255);
            }
        }

        return pixels;
    }
}
