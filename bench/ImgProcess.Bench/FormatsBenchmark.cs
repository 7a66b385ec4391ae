using System.Diagnostics;
using System.Net.Http.Headers;
using ImageMagick;
using ImgProcess.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Bench;

/// <summary>
/// The phone formats (issue 33): a 12-megapixel HEIC and AVIF (4032×3024, a photograph enlarged, made with Debian's
/// heif-enc) uploaded one at a time through a fresh embedded gateway with every processor, against the chosen library's
/// decode alone on the same file (Magick.NET read and RGBA export on this thread: the limit); then 8 at once, and the
/// gateway's peak resident memory.
/// </summary>
internal static class FormatsBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string dataDirectory, string photograph, int iterations)
    {
        var png = Path.Combine(dataDirectory, "12mp.png");
        using (var image = Image.Load(photograph))
        {
            image.Mutate(x => x.Resize(4032, 3024));
            await image.SaveAsPngAsync(png);
        }

        var lines = new List<string>
        {
            "| format | file | decode alone (Magick.NET), median | upload, one at a time, median | 8 at once: took | peak RSS |",
            "| --- | --- | --- | --- | --- | --- |",
        };
        foreach (var (format, arguments) in new[] { ("HEIC", new[] { "-q", "80" }), ("AVIF", new[] { "-A", "-q", "80" }) })
        {
            var file = Path.Combine(dataDirectory, $"12mp.{format.ToLowerInvariant()}");
            ExternalTool.Run("heif-enc", [.. arguments, "-o", file, png]);
            var bytes = await File.ReadAllBytesAsync(file);
            var decode = Median(iterations, () => DecodeAlone(bytes, format == "HEIC" ? MagickFormat.Heic : MagickFormat.Avif));

            using var gateway = await GatewayUnderTest.StartAsync(Path.Combine(dataDirectory, format));
            using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            // Distinct bytes each time (a 12-byte "free" box after the others, which readers skip): no content is reused.
            var variant = 0;
            byte[] Next() => [.. bytes, 0, 0, 0, 12, (byte)'f', (byte)'r', (byte)'e', (byte)'e', .. BitConverter.GetBytes(++variant)];
            var upload = MedianAsync(iterations, async () => await UploadAsync(http, Next(), $"photo.{format.ToLowerInvariant()}"));
            var oneAtATime = await upload;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => UploadAsync(http, Next(), "photo")));
            lines.Add($"| {format} | {bytes.Length / 1024} KB | {decode:0} ms | {oneAtATime:0} ms | {clock.Elapsed.TotalMilliseconds:0} ms | {gateway.PeakResidentMiB():0} MiB |");
        }

        return lines;
    }

    private static double DecodeAlone(byte[] bytes, MagickFormat format)
    {
        var started = Stopwatch.GetTimestamp();
        using var image = new MagickImage(bytes, new MagickReadSettings { Format = format });
        using var pixels = image.GetPixelsUnsafe();
        _ = pixels.ToByteArray(PixelMapping.RGBA);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> UploadAsync(HttpClient http, byte[] bytes, string name)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { content, "image", name } };
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(new Uri("/images", UriKind.Relative), form);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(int iterations, Func<double> measure)
    {
        measure();
        return Enumerable.Range(0, iterations).Select(_ => measure()).Order().ElementAt(iterations / 2);
    }

    private static async Task<double> MedianAsync(int iterations, Func<Task<double>> measure)
    {
        await measure();
        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            times.Add(await measure());
        }

        return times.Order().ElementAt(iterations / 2);
    }
}
