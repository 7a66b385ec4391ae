namespace ImgProcess.Grains.Processing;

/// <summary>Lists the processors a silo runs; any key, answered locally by a stateless worker.</summary>
public interface IProcessorCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The enabled processors in registry order.</summary>
    Task<List<ProcessorInfo>> List(CancellationToken cancellationToken = default);
}
