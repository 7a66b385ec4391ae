using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// A small upright copy: EXIF orientation applied, longest side <see cref="ThumbnailOptions.MaxSide"/>, JPEG (PNG when
/// the image has alpha; never TIFF), stored in the blob store under the content hash and served by the gateway.
/// Made from the analysis copy when that is at least as large as the thumbnail, else from the full frame.
/// </summary>
public sealed class ThumbnailProcessor(IBlobStore blobs, IOptions<ThumbnailOptions> options) : IImageProcessor
{
    /// <summary>The URL prefix the gateway serves thumbnails under.</summary>
    public const string UrlPrefix = "/images/thumbnails/";

    /// <inheritdoc />
    public string Name => "Thumbnail";

    /// <inheritdoc />
    public string Description => "URL, width, height, format and size of an upright thumbnail (EXIF orientation applied).";

    /// <inheritdoc />
    public string Version => "2"; // 2: from the area-averaged analysis copy (AreaDownscale)

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.FullImage;

    /// <inheritdoc />
    public async ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var source = Math.Max(input.AnalysisImage.Width, input.AnalysisImage.Height) >= settings.MaxSide ? input.AnalysisImage : input.FullImage;
        using var thumbnail = Shrink(source, settings.MaxSide);
        thumbnail.Metadata.ExifProfile = null;

        var png = input.Header.HasAlpha;
        using var encoded = new MemoryStream();
        if (png)
        {
            await thumbnail.SaveAsPngAsync(encoded, new PngEncoder(), cancellationToken);
        }
        else
        {
            await thumbnail.SaveAsJpegAsync(encoded, new JpegEncoder { Quality = settings.JpegQuality }, cancellationToken);
        }

        var extension = png ? "png" : "jpg";
        var key = BlobKey.ForDerived(input.Source.Sha256, $"thumb{settings.MaxSide}", extension);
        await blobs.PutAsync(key, encoded.GetBuffer().AsMemory(0, (int)encoded.Length), cancellationToken);
        return new ProcessorResult(new Thumbnail(UrlPrefix + key, thumbnail.Width, thumbnail.Height, png ? "PNG" : "JPEG", encoded.Length))
        {
            DerivedBlobs = [key],
        };
    }

    // Upright and at most maxSide on its longest side. Halving or more is an area average (each thumbnail pixel the mean
    // of at least 2 × 2 source pixels: no aliasing to speak of, at a fraction of the cost); less than that, bicubic.
    private static Image<Rgba32> Shrink(Image<Rgba32> source, int maxSide)
    {
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(source.Width, source.Height));
        var (width, height) = (Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
        if (scale <= 0.5)
        {
            var small = AreaDownscale.Shrink(source, width, height);
            small.Mutate(context => context.AutoOrient());
            return small;
        }

        return source.Clone(context =>
        {
            context.AutoOrient();
            if (scale < 1.0)
            {
                var size = context.GetCurrentSize();
                var upright = size.Width == source.Width;
                context.Resize(upright ? width : height, upright ? height : width);
            }
        });
    }
}
