using ImgProcess.Grains.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// What a processor gets: always the header and the reference to the stored image, and the pixels it declared
/// in <see cref="IImageProcessor.Needs"/>. The pixels are shared with other processors: read them, never mutate them.
/// </summary>
public sealed class ImageInput
{
    private readonly DecodedImage? decoded;

    /// <summary>Creates the input; <paramref name="decoded"/> is null for header-only processors.</summary>
    public ImageInput(ImageRef source, ImageHeader header, DecodedImage? decoded)
    {
        Source = source;
        Header = header;
        this.decoded = decoded;
    }

    /// <summary>The stored image (blob key, hash, format, dimensions).</summary>
    public ImageRef Source { get; }

    /// <summary>The header read without decoding.</summary>
    public ImageHeader Header { get; }

    /// <summary>The first frame at full resolution; only for processors that need <see cref="ImageNeed.FullImage"/>.</summary>
    public Image<Rgba32> FullImage => decoded?.Full ?? throw NotDeclared(ImageNeed.FullImage);

    /// <summary>The downscaled analysis copy; for processors that need <see cref="ImageNeed.AnalysisImage"/> or <see cref="ImageNeed.FullImage"/>.</summary>
    public Image<Rgba32> AnalysisImage => decoded?.Analysis ?? throw NotDeclared(ImageNeed.AnalysisImage);

    private static InvalidOperationException NotDeclared(ImageNeed need) =>
        new($"The processor did not declare {nameof(IImageProcessor.Needs)} = {need}, so no pixels were decoded for it.");
}
