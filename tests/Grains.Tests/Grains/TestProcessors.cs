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

/// <summary>How many times it has run on the content: shows whose run a record's results come from.</summary>
public sealed class RunCountProcessor : IImageProcessor
{
    public const string DisplayName = "Run Count";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Runs = new(StringComparer.Ordinal);

    public string Name => DisplayName;
    public string Description => "Counts its own runs per content.";
    public string Version => "1";
    public ImageNeed Needs => ImageNeed.Header;

    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken) =>
        ValueTask.FromResult<object?>(Runs.AddOrUpdate(input.Source.Sha256, 1, (_, runs) => runs + 1));
}
