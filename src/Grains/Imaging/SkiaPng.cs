using SkiaSharp;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Decodes a PNG to RGBA with Skia's codec (libpng and Chromium's SIMD zlib inside SkiaSharp's native library: the PNG
/// decoder of Chrome, fuzzed continuously). No colour transform: the destination has no colour space, so the pixels are
/// the file's samples, byte for byte what ImageSharp produces for 8-bit files.
/// </summary>
internal static unsafe class SkiaPng
{
    /// <summary>The shared object SkiaSharp loads.</summary>
    public const string LibraryName = "libSkiaSharp.so";

    private static readonly Lazy<bool> Loaded = new(CanLoad);

    /// <summary>Whether the native library can be loaded in this process.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>
    /// Decodes <paramref name="png"/> into <paramref name="rgba"/> (width × height pixels, row after row, alpha not
    /// premultiplied) when the file is a PNG of exactly <paramref name="width"/> × <paramref name="height"/>.
    /// <see cref="NativeOutcome.Damaged"/> when it does not decode completely (a CRC wrong, the zlib stream broken, rows
    /// missing); <see cref="NativeOutcome.Declined"/> when Skia does not take the file, with its reason.
    /// </summary>
    public static NativeOutcome TryDecode(ReadOnlySpan<byte> png, Span<byte> rgba, int width, int height, out string? failure)
    {
        if (rgba.Length < (long)width * height * 4)
        {
            throw new ArgumentException("The destination is smaller than width × height RGBA pixels.", nameof(rgba));
        }

        fixed (byte* source = png)
        fixed (byte* destination = rgba)
        {
            // The data borrows the pinned upload (no copy); the codec and the data end inside this block.
            using var data = SKData.Create((nint)source, png.Length);
            using var codec = SKCodec.Create(data);
            if (codec is null)
            {
                failure = "the codec did not open";
                return NativeOutcome.Declined;
            }

            if (codec.EncodedFormat != SKEncodedImageFormat.Png)
            {
                failure = $"Skia reads the file as {codec.EncodedFormat}";
                return NativeOutcome.Declined;
            }

            if (codec.Info.Width != width || codec.Info.Height != height)
            {
                failure = $"the header says {codec.Info.Width}×{codec.Info.Height}, expected {width}×{height}";
                return NativeOutcome.Declined;
            }

            var target = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var result = codec.GetPixels(target, (nint)destination, width * 4, SKCodecOptions.Default);
            failure = result == SKCodecResult.Success ? null : result.ToString();
            return result switch
            {
                SKCodecResult.Success => NativeOutcome.Decoded,
                SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput => NativeOutcome.Damaged,
                _ => NativeOutcome.Declined,
            };
        }
    }

    // SkiaSharp throws from its type initialiser when the native library (or one it needs) is missing.
    private static bool CanLoad()
    {
        try
        {
            return SkiaSharpVersion.Native.Major > 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }
}
