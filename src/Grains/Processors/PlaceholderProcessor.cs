using System.Runtime.InteropServices;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processors.Placeholders;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// What a page shows while an image loads: its ThumbHash (base64, the format Immich uses) and BlurHash (the format
/// imgproxy and most front-end libraries decode), both of the upright analysis copy shrunk to fit 32×32: a few DCT
/// frequencies are all either keeps, and they are the same from 32 pixels as from ThumbHash's largest input of 100 at a
/// tenth of the cost.
/// </summary>
public sealed class PlaceholderProcessor : IImageProcessor
{
    private const int Side = 32;

    /// <inheritdoc />
    public string Name => "Placeholder";

    /// <inheritdoc />
    public string Description => "ThumbHash (base64) and BlurHash (4×3 components, 3×4 when taller) of the upright image: a blurred preview in about 30 bytes.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.AnalysisImage;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var source = input.AnalysisImage;
        var scale = Math.Min(1.0, (double)Side / Math.Max(source.Width, source.Height));
        var (width, height) = (Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
        using var small = scale <= 0.5 ? AreaDownscale.Shrink(source, width, height) : source.Clone(c => c.Resize(width, height));
        small.Mutate(c => c.AutoOrient());

        var pixels = new Rgba32[small.Width * small.Height];
        small.CopyPixelDataTo(pixels);
        if (!input.Header.HasAlpha)
        {
            // The alpha rule: an image without declared transparency is opaque, whatever a decoder left in A.
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i].A = 255;
            }
        }

        var rgba = MemoryMarshal.AsBytes(pixels.AsSpan());
        var (componentsX, componentsY) = small.Width >= small.Height ? (4, 3) : (3, 4);
        return ValueTask.FromResult<object?>(new Placeholder(
            Convert.ToBase64String(ThumbHash.Encode(small.Width, small.Height, rgba)),
            BlurHash.Encode(small.Width, small.Height, rgba, componentsX, componentsY)));
    }
}
