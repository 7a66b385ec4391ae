using System.Diagnostics;
using System.Runtime.InteropServices;
using ImageMagick;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Uploads;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;

namespace ImgProcess.Bench;

/// <summary>
/// The candidate decoders of each format side by side on the same file, one thread, median of N decodes to RGBA
/// (issue 33's choice): JPEG by libjpeg-turbo, ImageSharp, Skia and Magick.NET; HEIC and AVIF by Magick.NET and by
/// Debian's libheif called directly (when libheif1 is installed); JPEG XL by Magick.NET and by libjxl's own djxl.
/// </summary>
internal static partial class DecodersBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string dataDirectory, string photograph, int iterations)
    {
        var png = Path.Combine(dataDirectory, "12mp.png");
        var jpeg = Path.Combine(dataDirectory, "12mp.jpg");
        using (var image = Image.Load(photograph))
        {
            image.Mutate(x => x.Resize(4032, 3024));
            await image.SaveAsPngAsync(png);
            await image.SaveAsJpegAsync(jpeg, new JpegEncoder { Quality = 90 });
        }

        var heic = Path.Combine(dataDirectory, "12mp.heic");
        var avif = Path.Combine(dataDirectory, "12mp.avif");
        var jxl = Path.Combine(dataDirectory, "12mp.jxl");
        ExternalTool.Run("heif-enc", "-q", "80", "-o", heic, png);
        ExternalTool.Run("heif-enc", "-A", "-q", "80", "-o", avif, png);
        ExternalTool.Run("cjxl", png, jxl, "-q", "90");

        var lines = new List<string> { "| file | decoder | median ms |", "| --- | --- | --- |" };
        void Row(string file, string decoder, Action decode) =>
            lines.Add($"| {Path.GetFileName(file)} ({new FileInfo(file).Length / 1024} KB) | {decoder} | {Median(iterations, decode):0.0} |");

        var jpegBytes = await File.ReadAllBytesAsync(jpeg);
        foreach (var library in new[] { JpegLibrary.LibjpegTurbo, JpegLibrary.ImageSharp })
        {
            var decoding = new ImageDecoding(Options.Create(new LimitsOptions()), Options.Create(new ProcessingOptions { JpegLibrary = library }));
            var header = decoding.Identify(jpegBytes, ImageFormatSniffer.Jpeg);
            Row(jpeg, decoding.DecoderOf("JPEG"), () => decoding.Decode(jpegBytes, header).Dispose());
        }

        Row(jpeg, "Skia (SkiaSharp)", () => SkiaDecode(jpegBytes));
        Row(jpeg, "Magick.NET", () => MagickDecode(jpegBytes, MagickFormat.Jpeg));

        foreach (var (file, format) in new[] { (heic, MagickFormat.Heic), (avif, MagickFormat.Avif) })
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Row(file, "Magick.NET (libheif)", () => MagickDecode(bytes, format));
            if (NativeLibrary.TryLoad("libheif.so.1", out _))
            {
                Row(file, "Debian's libheif 1.15 called directly", () => LibHeif.Decode(bytes));
            }
        }

        var jxlBytes = await File.ReadAllBytesAsync(jxl);
        Row(jxl, "Magick.NET (libjxl)", () => MagickDecode(jxlBytes, MagickFormat.Jxl));
        Row(jxl, "djxl (a process, 2 threads, to PPM)", () => ExternalTool.Run("djxl", jxl, Path.Combine(dataDirectory, "out.ppm")));
        return lines;
    }

    private static void MagickDecode(byte[] bytes, MagickFormat format)
    {
        using var image = new MagickImage(bytes, new MagickReadSettings { Format = format });
        using var pixels = image.GetPixelsUnsafe();
        _ = pixels.ToByteArray(PixelMapping.RGBA);
    }

    private static unsafe void SkiaDecode(byte[] bytes)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(bytes));
        var pixels = new byte[codec.Info.Width * codec.Info.Height * 4];
        fixed (byte* destination = pixels)
        {
            codec.GetPixels(new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), (nint)destination);
        }
    }

    private static double Median(int iterations, Action decode)
    {
        decode();
        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            decode();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times.Order().ElementAt(iterations / 2);
    }

    /// <summary>libheif's C API (heif.h of 1.15): the primary image to interleaved RGBA, as a direct binding would.</summary>
    private static unsafe partial class LibHeif
    {
        private const string Library = "libheif.so.1";
        private const int ColourspaceRgb = 1;
        private const int ChromaInterleavedRgba = 11;
        private const int ChannelInterleaved = 10;

        public static void Decode(byte[] bytes)
        {
            var context = ContextAlloc();
            try
            {
                fixed (byte* data = bytes)
                {
                    Check(ReadFromMemory(context, data, (nuint)bytes.Length, 0));
                    Check(PrimaryImageHandle(context, out var handle));
                    Check(DecodeImage(handle, out var image, ColourspaceRgb, ChromaInterleavedRgba, 0));
                    _ = PlaneReadOnly(image, ChannelInterleaved, out _);
                    ImageRelease(image);
                    HandleRelease(handle);
                }
            }
            finally
            {
                ContextFree(context);
            }
        }

        private static void Check(HeifError error)
        {
            if (error.Code != 0)
            {
                throw new InvalidOperationException(Marshal.PtrToStringUTF8(error.Message));
            }
        }

        [StructLayout(LayoutKind.Sequential)]
        private readonly struct HeifError
        {
            public readonly int Code;
            public readonly int Subcode;
            public readonly nint Message;
        }

        [LibraryImport(Library, EntryPoint = "heif_context_alloc")]
        private static partial nint ContextAlloc();

        [LibraryImport(Library, EntryPoint = "heif_context_free")]
        private static partial void ContextFree(nint context);

        [LibraryImport(Library, EntryPoint = "heif_context_read_from_memory_without_copy")]
        private static partial HeifError ReadFromMemory(nint context, byte* data, nuint size, nint options);

        [LibraryImport(Library, EntryPoint = "heif_context_get_primary_image_handle")]
        private static partial HeifError PrimaryImageHandle(nint context, out nint handle);

        [LibraryImport(Library, EntryPoint = "heif_decode_image")]
        private static partial HeifError DecodeImage(nint handle, out nint image, int colourspace, int chroma, nint options);

        [LibraryImport(Library, EntryPoint = "heif_image_get_plane_readonly")]
        private static partial nint PlaneReadOnly(nint image, int channel, out int stride);

        [LibraryImport(Library, EntryPoint = "heif_image_release")]
        private static partial void ImageRelease(nint image);

        [LibraryImport(Library, EntryPoint = "heif_image_handle_release")]
        private static partial void HandleRelease(nint handle);
    }
}
