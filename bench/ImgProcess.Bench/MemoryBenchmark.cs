using ImgProcess.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Bench;

/// <summary>Peak resident memory of the gateway (embedded silo) while 16 clients upload 24-megapixel JPEGs, and while they send bombs.</summary>
internal static class MemoryBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(string images, string dataDirectory, int clients, TimeSpan duration)
    {
        var photo = await LargePhotoAsync(Path.Combine(images, "wood-d.webp"));
        var lines = new List<string>
        {
            "| load | clients | uploads/s | ok | refused | peak RSS |",
            "| --- | --- | --- | --- | --- | --- |",
        };

        using (var gateway = await GatewayUnderTest.StartAsync(Path.Combine(dataDirectory, "photos")))
        {
            var result = await LoadGenerator.RunAsync(gateway.BaseAddress, photo, "24mp.jpg", clients, duration, TimeSpan.FromSeconds(2));
            lines.Add($"| 24 MP JPEG ({photo.Length / 1048576.0:0.0} MiB) | {clients} | {result.PerSecond:0.0} | {result.Ok} | {result.Failed} | {gateway.PeakResidentMiB():0} MiB |");
        }

        using (var gateway = await GatewayUnderTest.StartAsync(Path.Combine(dataDirectory, "bombs")))
        {
            byte[][] bombs =
            [
                HostileFiles.PngClaiming(100_000, 100_000),
                HostileFiles.JpegClaiming(65_500, 65_500),
                HostileFiles.GifWithFrames(5000),
                HostileFiles.PngWithTextBomb(256 * 1024 * 1024),
                HostileFiles.Truncated(photo, 0.5),
            ];
            var total = new LoadGenerator.Result(0, 0, 0, 0, 0, 0);
            var rounds = 0;
            foreach (var bomb in bombs)
            {
                var result = await LoadGenerator.RunAsync(gateway.BaseAddress, bomb, "bomb.png", clients, duration / bombs.Length, TimeSpan.Zero, unique: false);
                total = total with { Ok = total.Ok + result.Ok, Failed = total.Failed + result.Failed, Seconds = total.Seconds + result.Seconds };
                rounds++;
            }

            lines.Add($"| {rounds} kinds of bombs (pixel, frame, zTXt, truncated) | {clients} | {(total.Ok + total.Failed) / total.Seconds:0.0} (all refused) | {total.Ok} | {total.Failed} | {gateway.PeakResidentMiB():0} MiB |");
        }

        return lines;
    }

    private static async Task<byte[]> LargePhotoAsync(string source)
    {
        using var image = await Image.LoadAsync<Rgb24>(source);
        image.Mutate(c => c.Resize(6000, 4000));
        using var stream = new MemoryStream();
        await image.SaveAsJpegAsync(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }
}
