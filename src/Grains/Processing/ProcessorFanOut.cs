using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processors;

namespace ImgProcess.Grains.Processing;

/// <summary>Calls one <see cref="IProcessorGrain"/> per enabled processor, all at once, and gathers what each produced.</summary>
public static class ProcessorFanOut
{
    // Beyond the processor's own timeout, how long to wait for its answer before giving up on the call itself.
    private static readonly TimeSpan CallGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs every processor in <paramref name="processors"/> on <paramref name="image"/>; never throws for a processor's failure.</summary>
    public static async Task<IReadOnlyList<ProcessorOutcome>> RunAsync(
        IGrainFactory grains,
        IReadOnlyList<IImageProcessor> processors,
        ImageRef image,
        TimeSpan processorTimeout)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(processors);
        var calls = processors.Select(p => CallAsync(grains, p.Name, image, processorTimeout + CallGrace));
        return await Task.WhenAll(calls);
    }

    /// <summary>Runs the processor <paramref name="name"/> on <paramref name="image"/> as <see cref="RunAsync"/> runs each.</summary>
    public static Task<ProcessorOutcome> RunOneAsync(IGrainFactory grains, string name, ImageRef image, TimeSpan processorTimeout) =>
        CallAsync(grains, name, image, processorTimeout + CallGrace);

    private static async Task<ProcessorOutcome> CallAsync(IGrainFactory grains, string name, ImageRef image, TimeSpan deadline)
    {
        try
        {
            return await grains.GetGrain<IProcessorGrain>(name).Execute(image).WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            return ProcessorOutcome.Failure(name, $"No answer within {deadline.TotalSeconds:0} s.", deadline.TotalMilliseconds) with { Unavailable = true };
        }
#pragma warning disable CA1031 // Every failure of the call becomes an outcome: an outage (silo died, message lost) or that processor's error.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return ProcessorOutcome.Failure(name, e.Message, 0) with { Unavailable = Unavailability.Classify(e) is not null };
        }
    }
}
