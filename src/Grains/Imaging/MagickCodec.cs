using System.Runtime.InteropServices;
using ImageMagick;
using ImgProcess.Grains.Uploads;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata;
using ExifProfile = SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile;
using ExifTag = SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Reads the formats ImageSharp cannot (HEIC, AVIF, JPEG XL) and every TIFF through ImageMagick as Magick.NET ships it:
/// libheif with libde265 (HEVC) and aom (AV1), libjxl and libtiff, all inside the NuGet package, nothing to install.
/// Only the coder of the sniffed format ever runs (ImageMagick is never asked to guess), one frame is read, and the
/// library's own limits mirror ours, so no crafted file reaches a coder we did not choose or a pixel cache on disk.
/// </summary>
internal static class MagickCodec
{
    // Rows exported per call: a bounded copy buffer (about 1 MB for a 4000-pixel row) whatever the image's height.
    private const int RowsPerExport = 64;

    private static readonly Lazy<bool> Loaded = new(CanLoad);

    /// <summary>The formats this codec reads, by sniffed name.</summary>
    public static IReadOnlySet<string> Formats { get; } = new HashSet<string>(StringComparer.Ordinal) { "HEIC", "AVIF", "JXL", "TIFF" };

    /// <summary>Whether Magick.NET's native library loads in this process (it ships for x64 Linux, musl and Windows).</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>What each format's pixels come from, for <c>GET /limits</c>.</summary>
    public static string DecoderOf(string format) => format switch
    {
        "HEIC" => "libheif + libde265 (Magick.NET)",
        "AVIF" => "libheif + aom (Magick.NET)",
        "JXL" => "libjxl (Magick.NET)",
        _ => "libtiff (Magick.NET)",
    };

    /// <summary>Sets ImageMagick's own limits from ours: larger images fail inside the library instead of spilling to disk.</summary>
    public static void Limit(LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ResourceLimits.Width = (ulong)limits.MaxPixelsPerSide;
        ResourceLimits.Height = (ulong)limits.MaxPixelsPerSide;
        ResourceLimits.Area = (ulong)limits.MaxPixelsPerImage * 2;
        ResourceLimits.ListLength = (ulong)Math.Max(2, limits.MaxFrames);
        ResourceLimits.Disk = 0;
    }

    /// <summary>Reads the header of <paramref name="bytes"/> (ImageMagick's ping: no pixels decoded).</summary>
    /// <exception cref="InvalidImageContentException">The header is damaged, or the codec refuses the file.</exception>
    public static ImageHeader Identify(byte[] bytes, SniffedFormat format)
    {
        using var image = new MagickImage();
        Run(format, () => image.Ping(bytes, Settings(format)));
        // ImageMagick's ping leaves a TIFF's extra samples unread: its own directory says.
        var alpha = format == ImageFormatSniffer.Tiff ? DeclaredAlpha.Of(bytes, format) : image.HasAlpha;
        var channels = (alpha ? 1 : 0) + (image.ColorSpace == ColorSpace.Gray ? 1 : image.ColorSpace == ColorSpace.CMYK ? 4 : 3);
        var metadata = new ImageMetadata { ExifProfile = ExifOf(image, format) };
        return new ImageHeader(format, (int)image.Width, (int)image.Height, (int)image.Depth * channels, alpha, 1, metadata);
    }

    /// <summary>
    /// Decodes the first frame of <paramref name="bytes"/> into <paramref name="rgba"/> (8 bits a channel, alpha 255 when
    /// the image has none, CMYK turned to RGB as Pillow does). A file the coder reports corrupt, even as a warning
    /// (libtiff on a damaged strip), is refused: ImageMagick would otherwise hand back what it could read.
    /// </summary>
    public static void Decode(byte[] bytes, ImageHeader header, Span<Rgba32> rgba)
    {
        ArgumentNullException.ThrowIfNull(header);
        using var image = new MagickImage();
        string? damage = null;
        image.Warning += (_, e) => damage ??= e.Exception is MagickCorruptImageWarningException ? e.Message : null;
        Run(header.Format, () => image.Read(bytes, Settings(header.Format)));
        if (damage is not null)
        {
            throw new InvalidImageContentException($"The {header.Format.Name} data is damaged: {damage}");
        }

        if (image.Width != header.Width || image.Height != header.Height)
        {
            throw new InvalidImageContentException($"The {header.Format.Name} decodes to {image.Width}×{image.Height}, its header says {header.Width}×{header.Height}.");
        }

        if (image.ColorSpace == ColorSpace.CMYK)
        {
            image.ColorSpace = ColorSpace.sRGB;
        }

        var width = header.Width;
        var target = MemoryMarshal.AsBytes(rgba);
        using var pixels = image.GetPixelsUnsafe();
        for (var y = 0; y < header.Height; y += RowsPerExport)
        {
            var rows = Math.Min(RowsPerExport, header.Height - y);
            var block = pixels.ToByteArray(0, y, (uint)width, (uint)rows, PixelMapping.RGBA)
                ?? throw new InvalidImageContentException($"The {header.Format.Name} pixels could not be read.");
            block.CopyTo(target[(y * width * 4)..]);
        }
    }

    private static MagickReadSettings Settings(SniffedFormat format) => new()
    {
        Format = format.Name switch
        {
            "HEIC" => MagickFormat.Heic,
            "AVIF" => MagickFormat.Avif,
            "JXL" => MagickFormat.Jxl,
            _ => MagickFormat.Tiff,
        },
        FrameIndex = 0,
        FrameCount = 1,
    };

    // Every failure of the library is the file's (the formats are ours, the limits ours): one exception type for the callers.
    private static void Run(SniffedFormat format, Action read)
    {
        try
        {
            read();
        }
        catch (MagickResourceLimitErrorException e)
        {
            throw new SixLabors.ImageSharp.Memory.InvalidMemoryOperationException($"The {format.Name} is over a pixel limit: {FirstLine(e.Message)}");
        }
        catch (MagickException e)
        {
            throw new InvalidImageContentException($"The {format.Name} could not be read: {FirstLine(e.Message)}", e);
        }
    }

    // The EXIF block as ImageSharp reads it (processors use one metadata type), with the orientation ImageMagick reports:
    // libheif has already applied a HEIF's rotation and mirroring (irot, imir), so its pixels are upright.
    private static ExifProfile? ExifOf(MagickImage image, SniffedFormat format)
    {
        var exif = image.GetExifProfile()?.ToByteArray() is { Length: > 0 } data ? new ExifProfile(data) : null;
        var orientation = format.Name is "HEIC" or "AVIF" ? ImageMagick.Orientation.TopLeft : image.Orientation;
        if (orientation is ImageMagick.Orientation.Undefined or ImageMagick.Orientation.TopLeft)
        {
            exif?.RemoveValue(ExifTag.Orientation);
            return exif;
        }

        exif ??= new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)orientation);
        return exif;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static bool CanLoad()
    {
        try
        {
            return !string.IsNullOrEmpty(MagickNET.Version);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
