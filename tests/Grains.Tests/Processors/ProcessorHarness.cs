using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Tests.Processors;

/// <summary>Runs one processor on bytes the way a silo does (sniff, identify, decode), without Orleans.</summary>
internal static class ProcessorHarness
{
    public static ImageDecoding Decoding { get; } = new(Options.Create(new LimitsOptions()));

    public static async Task<object?> RunAsync(IImageProcessor processor, byte[] bytes, int analysisMaxSide = 512)
    {
        var format = ImageFormatSniffer.Detect(bytes) ?? throw new InvalidOperationException("not an image");
        var header = Decoding.Identify(bytes, format);
        var source = new ImageRef("test", "test", format.Name, header.Width, header.Height, bytes.Length);
        using var decoded = processor.Needs == ImageNeed.Header ? null : new DecodedImage(Decoding.Decode(bytes), analysisMaxSide);
        return await processor.ProcessAsync(new ImageInput(source, header, decoded), CancellationToken.None);
    }

    public static async Task<string> RunToJsonAsync(IImageProcessor processor, byte[] bytes) =>
        ProcessorResultJson.Serialize(await RunAsync(processor, bytes));
}
