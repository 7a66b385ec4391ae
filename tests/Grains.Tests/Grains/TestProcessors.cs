using ImgProcess.Grains.Processors;

namespace ImgProcess.Grains.Tests.Grains;

/// <summary>Always throws: its failure must land in the upload's errors.</summary>
public sealed class ThrowingProcessor : IImageProcessor
{
    public const string DisplayName = "Always Throws";

    public string Name => DisplayName;
    public string Description => "Fails on purpose.";
    public string Version => "1";
    public ImageNeed Needs => ImageNeed.Header;

    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("this processor always fails");
}

/// <summary>Takes far longer than the configured timeout and ignores cancellation.</summary>
public sealed class SlowProcessor : IImageProcessor
{
    public const string DisplayName = "Too Slow";

    public string Name => DisplayName;
    public string Description => "Sleeps past the timeout on purpose.";
    public string Version => "1";
    public ImageNeed Needs => ImageNeed.Header;

    public async ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(4), CancellationToken.None);
        return "finished too late";
    }
}

/// <summary>Needs full pixels, like Average Pixel Value: with it, two processors share one decode.</summary>
public sealed class PixelCountProcessor : IImageProcessor
{
    public const string DisplayName = "Pixel Count";

    public string Name => DisplayName;
    public string Description => "Width times height of the decoded frame.";
    public string Version => "1";
    public ImageNeed Needs => ImageNeed.FullImage;

    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(input.FullImage.Width * input.FullImage.Height);
}
