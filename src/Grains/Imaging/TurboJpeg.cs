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
    private const int ErrorIsWarning = 0;
    private const int FlagLimitScans = 32768;

    private static readonly Lazy<bool> Loaded = new(() => NativeLibrary.TryLoad(LibraryName, typeof(TurboJpeg).Assembly, null, out _));

    /// <summary>Whether the library can be loaded in this process.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>
    /// Decodes <paramref name="jpeg"/> into <paramref name="rgba"/> (width × height pixels, row after row) when the file is
    /// exactly <paramref name="width"/> × <paramref name="height"/> and in a colourspace the library turns into RGB.
    /// <see cref="NativeOutcome.Damaged"/> when the entropy data is damaged or ends early (the library would pad it with
    /// grey); a harmless warning real cameras cause (extraneous bytes before a marker, an unknown JFIF revision or Adobe
    /// transform) still decodes. <see cref="NativeOutcome.Declined"/> otherwise, with the library's reason.
    /// </summary>
    public static NativeOutcome TryDecode(ReadOnlySpan<byte> jpeg, Span<byte> rgba, int width, int height, out string? failure)
    {
        if (rgba.Length < (long)width * height * 4)
        {
            throw new ArgumentException("The destination is smaller than width × height RGBA pixels.", nameof(rgba));
        }

        var handle = InitDecompress();
        if (handle == 0)
        {
            failure = "tjInitDecompress failed";
            return NativeOutcome.Declined;
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
                    return NativeOutcome.Declined;
                }

                if (fileWidth != width || fileHeight != height)
                {
                    failure = $"the header says {fileWidth}×{fileHeight}, expected {width}×{height}";
                    return NativeOutcome.Declined;
                }

                if (colourspace is ColourspaceCmyk or ColourspaceYcck)
                {
                    failure = "CMYK and YCCK are not converted to RGB";
                    return NativeOutcome.Declined;
                }

                // Without stop-on-warning the whole image is decoded and a warning still answers -1: its kind decides.
                if (Decompress2(handle, source, size, destination, width, 0, height, PixelFormatRgba, FlagLimitScans) != 0)
                {
                    failure = ErrorOf(handle);
                    return GetErrorCode(handle) != ErrorIsWarning || IsDamage(failure) ? NativeOutcome.Damaged : NativeOutcome.Decoded;
                }
            }

            failure = null;
            return NativeOutcome.Decoded;
        }
        finally
        {
            _ = Destroy(handle);
        }
    }

    // libjpeg's warnings that mean lost or corrupt entropy data (JWRN_JPEG_EOF, JWRN_HIT_MARKER, JWRN_HUFF_BAD_CODE,
    // JWRN_ARITH_BAD_CODE, JWRN_MUST_RESYNC); the others describe markers and metadata, whose pixels are whole.
    private static readonly string[] DamageWarnings =
        ["Premature end of JPEG file", "premature end of data segment", "bad Huffman code", "bad arithmetic code", "instead of RST"];

    private static bool IsDamage(string message) => DamageWarnings.Any(w => message.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static string ErrorOf(nint handle) => Marshal.PtrToStringUTF8(GetErrorStr2(handle)) ?? "unknown error";

    [LibraryImport(LibraryName, EntryPoint = "tjInitDecompress")]
    private static partial nint InitDecompress();

    [LibraryImport(LibraryName, EntryPoint = "tjDecompressHeader3")]
    private static partial int DecompressHeader3(nint handle, byte* jpegBuf, CULong jpegSize, int* width, int* height, int* subsampling, int* colourspace);

    [LibraryImport(LibraryName, EntryPoint = "tjDecompress2")]
    private static partial int Decompress2(nint handle, byte* jpegBuf, CULong jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorStr2")]
    private static partial nint GetErrorStr2(nint handle);

    [LibraryImport(LibraryName, EntryPoint = "tjGetErrorCode")]
    private static partial int GetErrorCode(nint handle);

    [LibraryImport(LibraryName, EntryPoint = "tjDestroy")]
    private static partial int Destroy(nint handle);
}
