using ImgProcess.Grains.Processors;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Processing;

/// <summary>The registered processors minus those switched off in <see cref="ProcessingOptions.Disabled"/>, by display name.</summary>
public sealed class ProcessorCatalog
{
    private readonly Dictionary<string, IImageProcessor> byName;

    /// <summary>Builds the catalog from every registered <see cref="IImageProcessor"/>.</summary>
    public ProcessorCatalog(IEnumerable<IImageProcessor> processors, IOptions<ProcessingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var disabled = new HashSet<string>(options.Value.Disabled, StringComparer.OrdinalIgnoreCase);
        Enabled = processors.Where(p => !disabled.Contains(p.Name)).DistinctBy(p => p.Name).ToList();
        byName = Enabled.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var deferred = new HashSet<string>(options.Value.Deferred, StringComparer.OrdinalIgnoreCase);
        var inline = new HashSet<string>(options.Value.Inline, StringComparer.OrdinalIgnoreCase);
        runs = Enabled.ToDictionary(
            p => p.Name,
            p => inline.Contains(p.Name) ? ProcessorRuns.Inline : deferred.Contains(p.Name) ? ProcessorRuns.Deferred : p.Runs,
            StringComparer.Ordinal);
        Inline = Enabled.Where(p => runs[p.Name] == ProcessorRuns.Inline).ToList();
        Deferred = Enabled.Where(p => runs[p.Name] == ProcessorRuns.Deferred).ToList();
    }

    private readonly Dictionary<string, ProcessorRuns> runs;

    /// <summary>The processors that run on every upload, in registry order.</summary>
    public IReadOnlyList<IImageProcessor> Enabled { get; }

    /// <summary>The enabled processors that run before the answer.</summary>
    public IReadOnlyList<IImageProcessor> Inline { get; }

    /// <summary>The enabled processors that run after the answer, from the deferred queue.</summary>
    public IReadOnlyList<IImageProcessor> Deferred { get; }

    /// <summary>When the enabled processor <paramref name="name"/> runs, as configured.</summary>
    public ProcessorRuns RunsOf(string name) => runs.GetValueOrDefault(name);

    /// <summary>Finds an enabled processor by display name.</summary>
    public bool TryGet(string name, out IImageProcessor processor) => byName.TryGetValue(name, out processor!);
}
