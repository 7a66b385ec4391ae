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
    }

    /// <summary>The processors that run on every upload, in registry order.</summary>
    public IReadOnlyList<IImageProcessor> Enabled { get; }

    /// <summary>Finds an enabled processor by display name.</summary>
    public bool TryGet(string name, out IImageProcessor processor) => byName.TryGetValue(name, out processor!);
}
