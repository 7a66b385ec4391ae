using ImgProcess.Grains.Processors;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Processing;

/// <summary>Answers from the silo's <see cref="ProcessorCatalog"/>, so a gateway that is only a client can list processors too.</summary>
[StatelessWorker]
public sealed class ProcessorCatalogGrain(ProcessorCatalog catalog) : Grain, IProcessorCatalogGrain
{
    /// <inheritdoc />
    public Task<List<ProcessorInfo>> List(CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.Enabled.Select(p => new ProcessorInfo(p.Name, p.Description, p.Version, p.Needs, catalog.RunsOf(p.Name)))
            .Concat(catalog.Unavailable.Select(p => new ProcessorInfo(p.Name, p.Description, p.Version, p.Needs, p.Runs, p.Unavailable)))
            .ToList());
}
