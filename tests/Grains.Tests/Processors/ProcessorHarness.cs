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

    /// <summary>The value the client sees, unwrapped from a <see cref="ProcessorResult"/> as the processor grain does.</summary>
    public static async Task<object?> RunAsync(IImageProcessor processor, byte[] bytes, int analysisMaxSide = 512)
    {
        var value = await RunForResultAsync(processor, bytes, analysisMaxSide);
        return value.Value;
    }

    /// <summary>The processor's whole result: its value and what it declares beside it.</summary>
    public static async Task<ProcessorResult> RunForResultAsync(IImageProcessor processor, byte[] bytes, int analysisMaxSide = 512)
    {
        var format = ImageFormatSniffer.Detect(bytes) ?? throw new InvalidOperationException("not an image");
        var header = Decoding.Identify(bytes, format);
        var source = new ImageRef("test", "test", format.Name, header.Width, header.Height, bytes.Length);
        using var decoded = processor.Needs == ImageNeed.Header ? null : new DecodedImage(Decoding.Decode(bytes), analysisMaxSide);
        var value = await processor.ProcessAsync(new ImageInput(source, header, decoded), CancellationToken.None);
        return ProcessorResult.Of(value);
    }

    public static async Task<string> RunToJsonAsync(IImageProcessor processor, byte[] bytes) =>
        ProcessorResultJson.Serialize(await RunAsync(processor, bytes));
}
