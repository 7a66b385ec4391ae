using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Vision;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace ImgProcess.Grains.Tests.Vision;

public sealed class ResNetModelsTests(ITestOutputHelper output)
{
    [Fact]
    public void An_edited_photograph_is_nearest_its_original_though_its_perceptual_hash_is_far()
    {
        using var model = new ResNetModels(Options.Create(new ModelOptions()));
        Assert.Null(model.Missing);
        var set = LookAlikePhotos.Set.ToDictionary(name => name, name => Embed(model, LookAlikePhotos.Original(name)));
        foreach (var name in new[] { "chelsea.png", "coffee.png", "rocket.jpg", "astronaut.png" })
        {
            var edited = LookAlikePhotos.Edited(name);
            var vector = Embed(model, edited);
            var ranked = set.OrderByDescending(e => Dot(e.Value, vector)).Select(e => $"{e.Key} {Dot(e.Value, vector):0.000}").ToList();
            var hashDistance = HashDistance(edited, LookAlikePhotos.Original(name));
            output.WriteLine($"{name}: hash distance {hashDistance}; {string.Join(", ", ranked.Take(4))}");
            Assert.True(hashDistance > 20, $"{name}: the edit moved only {hashDistance} hash bits");
            Assert.StartsWith(name, ranked[0], StringComparison.Ordinal);
        }

        var right = Embed(model, LookAlikePhotos.Original("motorcycle_right.png"));
        var nearest = set.MaxBy(e => Dot(e.Value, right)).Key;
        Assert.Equal("motorcycle_left.png", nearest);
        Assert.Equal(1.0, Dot(right, right), 3);
    }

    [Fact]
    public void A_photograph_stored_turned_with_its_exif_orientation_embeds_as_the_upright_one()
    {
        using var model = new ResNetModels(Options.Create(new ModelOptions()));
        using var upright = Image.Load<Rgba32>(LookAlikePhotos.Original("rocket.jpg"));
        using var turned = upright.Clone(c => c.Rotate(RotateMode.Rotate270));
        turned.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        turned.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation, (ushort)6);
        using var sideways = upright.Clone(c => c.Rotate(RotateMode.Rotate270));

        var expected = model.Embed(upright, hasAlpha: false);

        Assert.True(Dot(expected, model.Embed(turned, hasAlpha: false)) > 0.99);
        Assert.True(Dot(expected, model.Embed(sideways, hasAlpha: false)) < 0.95);
    }

    private static float[] Embed(ResNetModels model, byte[] bytes)
    {
        using var image = Image.Load<Rgba32>(bytes);
        return model.Embed(image, hasAlpha: false);
    }

    private static int HashDistance(byte[] a, byte[] b)
    {
        using var first = Image.Load<Rgba32>(a);
        using var second = Image.Load<Rgba32>(b);
        return PerceptualHashProcessor.Distance(PerceptualHashProcessor.Compute(first), PerceptualHashProcessor.Compute(second));
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);
}
