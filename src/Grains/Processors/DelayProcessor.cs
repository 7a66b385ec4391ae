using ImgProcess.Grains.Processing;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// A drill, not an analysis: waits <see cref="ProcessingOptions.DelayProcessor"/> and answers how long, deferred. It is
/// registered only when that setting is set, to exercise the deferred path (queues, slots, webhooks, events) under load,
/// in a fault drill or in a benchmark, without a real model's cost.
/// </summary>
public sealed class DelayProcessor(IOptions<ProcessingOptions> options) : IImageProcessor
{
    /// <summary>The display name.</summary>
    public const string DisplayName = "Delay";

    /// <inheritdoc />
    public string Name => DisplayName;

    /// <inheritdoc />
    public string Description => "Waits ImgProcess:Processing:DelayProcessor and answers {waited_ms}: a deferred drill (registered only when that is set).";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.Header;

    /// <inheritdoc />
    public ProcessorRuns Runs => ProcessorRuns.Deferred;

    /// <inheritdoc />
    public async ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        var delay = options.Value.DelayProcessor;
        await Task.Delay(delay, cancellationToken);
        return new Dictionary<string, double> { ["waited_ms"] = delay.TotalMilliseconds };
    }
}
