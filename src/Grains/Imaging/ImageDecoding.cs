using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// The one place that configures the image library: only the formats we accept, first frame only for
/// animations, and a memory allocator whose single-allocation limit matches <see cref="LimitsOptions.MaxPixelsPerImage"/>.
/// </summary>
public sealed class ImageDecoding
{
    private const int BytesPerDecodedPixel = 4;

    /// <summary>Builds the configuration from the limits.</summary>
    public ImageDecoding(IOptions<LimitsOptions> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Configuration = CreateConfiguration(limits.Value);
    }

    /// <summary>The image library configuration every decode and identify in the service uses.</summary>
    public Configuration Configuration { get; }

    /// <summary>Reads dimensions and metadata from the header of <paramref name="bytes"/> without decoding pixels.</summary>
    /// <exception cref="InvalidImageContentException">The header is damaged.</exception>
    /// <exception cref="UnknownImageFormatException">No enabled decoder recognises the bytes.</exception>
    public ImageHeader Identify(byte[] bytes, SniffedFormat format)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(format);
        using var stream = new MemoryStream(bytes, writable: false);
        var info = Image.Identify(Configuration, stream, out _)
            ?? throw new UnknownImageFormatException($"The {format.Name} header could not be read.");
        var frames = format == ImageFormatSniffer.Gif ? GifStructure.CountFrames(bytes) : 1;
        return new ImageHeader(format, info.Width, info.Height, info.PixelType?.BitsPerPixel ?? 0, HasAlpha(format, info), frames, info.Metadata);
    }

    /// <summary>Decodes the first frame of <paramref name="bytes"/> to 8-bit RGBA.</summary>
    public Image<Rgba32> Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Image.Load<Rgba32>(Configuration, stream);
    }

    private static bool HasAlpha(SniffedFormat format, IImageInfo info)
    {
        if (format == ImageFormatSniffer.Png)
        {
            var png = info.Metadata.GetPngMetadata();
            return png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha || png.HasTransparency;
        }

        if (format == ImageFormatSniffer.Jpeg)
        {
            return false;
        }

        // BMP, TIFF and WebP carry alpha in their 32- (or 64-) bit layouts.
        return info.PixelType?.BitsPerPixel is 32 or 64;
    }

    private static Configuration CreateConfiguration(LimitsOptions limits)
    {
        var modules = new List<IConfigurationModule>();
        void Add(string name, IConfigurationModule module)
        {
            if (limits.Allows(name))
            {
                modules.Add(module);
            }
        }

        Add("PNG", new PngConfigurationModule());
        Add("JPEG", new JpegConfigurationModule());
        Add("GIF", new GifConfigurationModule());
        Add("BMP", new BmpConfigurationModule());
        Add("TIFF", new TiffConfigurationModule());
        Add("WEBP", new WebpConfigurationModule());

        var configuration = new Configuration([.. modules]);
        var largestImageMegabytes = (int)Math.Min(int.MaxValue, (limits.MaxPixelsPerImage * BytesPerDecodedPixel / (1024 * 1024)) + 64);
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = largestImageMegabytes,
        });

        // Animations: analyse the first frame only, so a thousand-frame file costs one frame of memory.
        if (limits.Allows("GIF"))
        {
            configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, MaxFrames = (uint)limits.MaxFrames });
        }

        if (limits.Allows("TIFF"))
        {
            configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        }

        return configuration;
    }
}
