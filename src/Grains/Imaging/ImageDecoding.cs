using System.Runtime.InteropServices;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// The one place that configures the image library: only the formats we accept, first frame only for
/// animations, and a memory allocator whose single-allocation limit matches <see cref="LimitsOptions.MaxPixelsPerImage"/>.
/// JPEG pixels come from libjpeg-turbo when it is installed (<see cref="JpegLibrary"/>) and PNG pixels from Skia
/// (<see cref="PngLibrary"/>), each into a buffer from the same allocator, so the same limit holds; every file they
/// decline is ImageSharp's, as every other format is.
/// </summary>
public sealed partial class ImageDecoding
{
    private const int BytesPerDecodedPixel = 4;

    private readonly ILogger logger;

    // The shape of TurboJpeg.TryDecode and SkiaPng.TryDecode: pixels of the expected size into the buffer, or a reason.
    private delegate NativeOutcome NativeDecode(ReadOnlySpan<byte> file, Span<byte> rgba, int width, int height, out string? failure);

    /// <summary>Builds the configuration from the limits and picks the JPEG and PNG decoders.</summary>
    public ImageDecoding(IOptions<LimitsOptions> limits, IOptions<ProcessingOptions>? processing = null, ILogger<ImageDecoding>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Configuration = CreateConfiguration(limits.Value);
        this.logger = logger ?? NullLogger<ImageDecoding>.Instance;
        var wanted = processing?.Value.JpegLibrary ?? JpegLibrary.LibjpegTurbo;
        JpegLibrary = wanted == JpegLibrary.LibjpegTurbo && !TurboJpeg.IsAvailable ? JpegLibrary.ImageSharp : wanted;
        if (wanted != JpegLibrary)
        {
            LogTurboJpegMissing(TurboJpeg.LibraryName);
        }

        var wantedPng = processing?.Value.PngLibrary ?? PngLibrary.Skia;
        PngLibrary = wantedPng == PngLibrary.Skia && !SkiaPng.IsAvailable ? PngLibrary.ImageSharp : wantedPng;
        if (wantedPng != PngLibrary)
        {
            LogSkiaMissing(SkiaPng.LibraryName);
        }

        MagickAvailable = MagickCodec.IsAvailable;
        if (MagickAvailable)
        {
            MagickCodec.Limit(limits.Value);
        }
        else
        {
            LogMagickMissing();
        }
    }

    /// <summary>Whether HEIC, AVIF, JPEG XL and TIFF can be read here (Magick.NET's native library loads).</summary>
    public bool MagickAvailable { get; }

    /// <summary>Whether <paramref name="format"/> has a decoder in this process.</summary>
    public bool CanRead(string format) => MagickAvailable || !MagickCodec.Formats.Contains(format);

    /// <summary>The library whose pixels an accepted <paramref name="format"/> gets in this process, for <c>GET /limits</c>.</summary>
    public string DecoderOf(string format) => format switch
    {
        "JPEG" => JpegLibrary == JpegLibrary.LibjpegTurbo ? "libjpeg-turbo" : "ImageSharp",
        "PNG" => PngLibrary == PngLibrary.Skia ? "Skia (libpng); 16-bit: ImageSharp" : "ImageSharp",
        _ when MagickCodec.Formats.Contains(format) => MagickAvailable ? MagickCodec.DecoderOf(format) : "none (Magick.NET's native library did not load)",
        _ => "ImageSharp",
    };

    /// <summary>The decoder PNG pixels come from in this process (ImageSharp when Skia was asked for but cannot be loaded).</summary>
    public PngLibrary PngLibrary { get; }

    /// <summary>The decoder JPEG pixels come from in this process (ImageSharp when libjpeg-turbo was asked for but is missing).</summary>
    public JpegLibrary JpegLibrary { get; }

    /// <summary>The image library configuration every decode and identify in the service uses.</summary>
    public Configuration Configuration { get; }

    /// <summary>Reads dimensions and metadata from the header of <paramref name="bytes"/> without decoding pixels.</summary>
    /// <exception cref="InvalidImageContentException">The header is damaged.</exception>
    /// <exception cref="UnknownImageFormatException">No enabled decoder recognises the bytes.</exception>
    public ImageHeader Identify(byte[] bytes, SniffedFormat format)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(format);
        if (MagickCodec.Formats.Contains(format.Name))
        {
            return MagickAvailable
                ? MagickCodec.Identify(bytes, format)
                : throw new NotSupportedException($"{format.Name} cannot be read here: Magick.NET's native library did not load.");
        }

        using var stream = new MemoryStream(bytes, writable: false);
        var info = Image.Identify(Configuration, stream, out _)
            ?? throw new UnknownImageFormatException($"The {format.Name} header could not be read.");
        var frames = format == ImageFormatSniffer.Gif ? GifStructure.CountFrames(bytes) : 1;
        return new ImageHeader(format, info.Width, info.Height, info.PixelType?.BitsPerPixel ?? 0, DeclaredAlpha.Of(bytes, format), frames, info.Metadata);
    }

    /// <summary>Decodes the first frame of <paramref name="bytes"/>, whose header is <paramref name="header"/>, to 8-bit RGBA.</summary>
    public Image<Rgba32> Decode(byte[] bytes, ImageHeader header) => Decode(bytes, header, out _);

    /// <summary>Decodes as <see cref="Decode(byte[], ImageHeader)"/> and names the library whose pixels these are.</summary>
    internal Image<Rgba32> Decode(byte[] bytes, ImageHeader header, out string library)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(header);
        if (MagickCodec.Formats.Contains(header.Format.Name))
        {
            library = "Magick.NET";
            return DecodeInto(header, pixels =>
            {
                MagickCodec.Decode(bytes, header, pixels);
                return true;
            })!;
        }

        library = "libjpeg-turbo";
        if (JpegLibrary == JpegLibrary.LibjpegTurbo && header.Format == ImageFormatSniffer.Jpeg && TryDecodeNatively(bytes, header, TurboJpeg.TryDecode, library) is { } jpeg)
        {
            return jpeg;
        }

        library = "Skia";

        // 16-bit channels: Skia drops the low byte where ImageSharp rounds, so those stay ImageSharp's and every
        // PNG keeps the pixels (and results) it had.
        if (PngLibrary == PngLibrary.Skia && header.Format == ImageFormatSniffer.Png && header.Metadata.GetPngMetadata().BitDepth != PngBitDepth.Bit16
            && TryDecodeNatively(bytes, header, SkiaPng.TryDecode, library) is { } png)
        {
            return png;
        }

        library = "ImageSharp";

        // ImageSharp pads what it cannot read: a PNG's data is checked first, as Skia would have.
        if (header.Format == ImageFormatSniffer.Png && PngDataCheck.FindDamage(bytes) is { } damage)
        {
            throw new InvalidImageContentException(damage);
        }

        using var stream = new MemoryStream(bytes, writable: false);
        return Image.Load<Rgba32>(Configuration, stream);
    }

    /// <summary>Identifies, then decodes, <paramref name="bytes"/> (for callers that hold no header).</summary>
    public Image<Rgba32> Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var format = ImageFormatSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, ImageFormatSniffer.HeaderLength)))
            ?? throw new UnknownImageFormatException("The bytes are not an image in an accepted format.");
        return Decode(bytes, Identify(bytes, format));
    }

    // The pixels into one buffer of the configured allocator (over the limit it throws as ImageSharp's decode would),
    // then wrapped as an image with the header's metadata, so EXIF orientation and profiles are there as before.
    private Image<Rgba32>? TryDecodeNatively(byte[] bytes, ImageHeader header, NativeDecode decode, string library)
    {
        if (header.PixelCount > int.MaxValue / BytesPerDecodedPixel)
        {
            return null;
        }

        return DecodeInto(header, pixels =>
        {
            switch (decode(bytes, MemoryMarshal.AsBytes(pixels), header.Width, header.Height, out var failure))
            {
                case NativeOutcome.Damaged:
                    throw new InvalidImageContentException($"The {header.Format.Name} data is damaged ({library}: {failure}).");
                case NativeOutcome.Declined:
                    LogNativeDeclined(library, header.Format.Name, failure);
                    return false;
                default:
                    return true;
            }
        });
    }

    // A decoder that fills a buffer of the configured allocator (over the limit it throws as ImageSharp's decode would),
    // wrapped with the header's metadata; null when the decoder declines the file.
    private Image<Rgba32>? DecodeInto(ImageHeader header, Func<Span<Rgba32>, bool> decode)
    {
        var pixels = Configuration.MemoryAllocator.Allocate<Rgba32>(header.Width * header.Height);
        try
        {
            if (!decode(pixels.Memory.Span))
            {
                return null;
            }

            var image = Image.WrapMemory(Configuration, pixels, header.Width, header.Height, header.Metadata.DeepClone());
            pixels = null;
            return image;
        }
        finally
        {
            pixels?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "JPEG library libjpeg-turbo was configured but {Library} cannot be loaded (Debian: apt-get install libturbojpeg0); ImageSharp decodes JPEG instead")]
    private partial void LogTurboJpegMissing(string library);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PNG library Skia was configured but {Library} cannot be loaded (SkiaSharp's native assets are missing); ImageSharp decodes PNG instead")]
    private partial void LogSkiaMissing(string library);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Magick.NET's native library cannot be loaded on this platform; HEIC, AVIF, JPEG XL and TIFF uploads are refused with 415")]
    private partial void LogMagickMissing();

    // Debug only: any client can send a file that makes it decline.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Library} declined a {Format} ({Reason}); ImageSharp decodes it")]
    private partial void LogNativeDeclined(string library, string format, string? reason);

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

        return configuration;
    }
}
