using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Processing;

/// <summary>
/// Runs one processor (the grain key is its display name) on one image. A stateless worker: activations are
/// local to the calling silo and as many run at once as there are cores, so work never queues behind one activation.
/// </summary>
public interface IProcessorGrain : IGrainWithStringKey
{
    /// <summary>Runs the processor; failures and timeouts come back as an outcome with an error, never as an exception.</summary>
    Task<ProcessorOutcome> Execute(ImageRef image);
}
