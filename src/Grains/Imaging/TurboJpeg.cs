using System.Runtime.InteropServices;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// The few calls of libjpeg-turbo's TurboJPEG API (Debian's <c>libturbojpeg0</c>, version 2.1) that decode a JPEG to
/// RGBA. The library reports every failure through return codes (no <c>setjmp</c> crosses into managed code), and a
/// handle per decode keeps it free of shared state.
/// </summary>
internal static unsafe partial class TurboJpeg
{
    /// <summary>The shared object's name as the package installs it.</summary>
    public const string LibraryName = "libturbojpeg.so.0";

    // turbojpeg.h: TJPF_RGBA (alpha set to 255), TJCS_* and TJFLAG_* values of the 2.x API.
    private const int PixelFormatRgba = 7;
    private const int ColourspaceCmyk = 3;
    private const int ColourspaceYcck = 4;
    private const int FlagStopOnWarning = 8192;
    private const int FlagLimitScans = 32768;

    private static readonly Lazy<bool> Loaded = new(() => NativeLibrary.TryLoad(LibraryName, typeof(TurboJpeg).Assembly, null, out _));

    /// <summary>Whether the library can be loaded in this process.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>
    /// Decodes <paramref name="jpeg"/> into <paramref name="rgba"/> (width × height pixels, row after row) when the
    /// file is exactly <paramref name="width"/> × <paramref name="height"/>, in a colourspace the library turns into RGB,
    /// and decodes without even a warning (corrupt data, more than 500 progressive scans). False otherwise, with the
    /// library's reason: the caller then leaves the file to the other decoder.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> jpeg, Span<byte> rgba, int width, int height, out string? failure)
    {
        if (rgba.Length < (long)width * height * 4)
        {
            throw new ArgumentException("The destination is smaller than width × height RGBA pixels.", nameof(rgba));
        }

        var handle = InitDecompress();
        if (handle == 0)
        {
            failure = "tjInitDecompress failed";
            return false;
        }

        try
        {
            fixed (byte* source = jpeg)
            fixed (byte* destination = rgba)
            {
                var size = new CULong((nuint)jpeg.Length);
                int fileWidth, fileHeight, subsampling, colourspace;
                if (DecompressHeader3(handle, source, size, &fileWidth, &fileHeight, &subsampling, &colourspace) != 0)
                {
                    failure = ErrorOf(handle);
                    return false;
                }

                if (fileWidth != width || fileHeight != height)
                {
                    failure = $"the header says {fileWidth}×{fileHeight}, expected {width}×{height}";
                    return false;
                }

                if (colourspace is ColourspaceCmyk or ColourspaceYcck)
                {
                    failure = "CMYK and YCCK are not converted to RGB";
                    return false;
                }

                if (Decompress2(handle, source, size, destination, width, 0, height, PixelFormatRgba, FlagStopOnWarning | FlagLimitScans) != 0)
                {
                    failure = ErrorOf(handle);
                    return false;
                }
            }

            failure = null;
            return true;
        }
        finally
        {
            _ = Destroy(handle);
        }
    }

    private static string ErrorOf(nint handle) => Marshal.PtrToStringUTF8(GetErrorStr2(handle)) ?? "unknown error";

    [LibraryImport(LibraryName, EntryPoint = "tjInitDecompress")]
    private static partial nint InitDecompress();

    [LibraryImport(LibraryName, EntryPoint = "tjDecompressHeader3")]
    private static partial int DecompressHeader3(nint handle, byte* jpegBuf, CULong jpegSize, int* width, int* height, int* subsampling, int* colourspace);

    [LibraryImport(LibraryName, EntryPoint = "tjDecompress2")]
    private static partial int Decompress2(nint handle, byte* jpegBuf, CULong jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorStr2")]
    private static partial nint GetErrorStr2(nint handle);

    [LibraryImport(LibraryName, EntryPoint = "tjDestroy")]
    private static partial int Destroy(nint handle);
}
