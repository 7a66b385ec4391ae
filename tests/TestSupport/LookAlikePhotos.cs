using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Tests;

/// <summary>
/// scikit-image's photographs as a set to search among, and an edited copy of one: cropped to 60 % of each side,
/// rotated 10° and colour-shifted — the edits a perceptual hash does not survive.
/// </summary>
internal static class LookAlikePhotos
{
    /// <summary>The photographs searched among (more than a dozen, colour and grey).</summary>
    public static readonly string[] Set =
    [
        "astronaut.png", "camera.png", "chelsea.png", "coffee.png", "coins.png", "hubble_deep_field.jpg", "ihc.png",
        "retina.jpg", "rocket.jpg", "motorcycle_left.png", "moon.png", "brick.png", "grass.png", "gravel.png",
        "phantom.png", "color.png", "cell.png", "clock_motion.png",
    ];

    /// <summary>Photograph <paramref name="name"/> cropped to its central 60 %, turned 10° and shifted in hue and brightness, as PNG.</summary>
    public static byte[] Edited(string name)
    {
        using var image = Image.Load<Rgba32>(Photographs.Path(name));
        var (width, height) = ((int)(image.Width * 0.6), (int)(image.Height * 0.6));
        image.Mutate(c => c
            .Crop(new Rectangle((image.Width - width) / 2, (image.Height - height) / 2, width, height))
            .Rotate(10)
            .BackgroundColor(Color.White)
            .Hue(40)
            .Brightness(1.15f));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>The bytes of photograph <paramref name="name"/>.</summary>
    public static byte[] Original(string name) => File.ReadAllBytes(Photographs.Path(name));
}
