using ImgProcess.Grains.Processors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Processing;

/// <summary>
/// The registered processors minus those switched off in <see cref="ProcessingOptions.Disabled"/> and those that cannot
/// run here (<see cref="IImageProcessor.Unavailable"/>: logged once, when the silo starts), by display name.
/// </summary>
public sealed partial class ProcessorCatalog
{
    private readonly Dictionary<string, IImageProcessor> byName;

    /// <summary>Builds the catalog from every registered <see cref="IImageProcessor"/>.</summary>
    public ProcessorCatalog(IEnumerable<IImageProcessor> processors, IOptions<ProcessingOptions> options, ILogger<ProcessorCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var disabled = new HashSet<string>(options.Value.Disabled, StringComparer.OrdinalIgnoreCase);
        var wanted = processors.Where(p => !disabled.Contains(p.Name)).DistinctBy(p => p.Name).ToList();
        Unavailable = wanted.Where(p => p.Unavailable is not null).ToList();
        foreach (var processor in Unavailable)
        {
            LogUnavailable(logger, processor.Name, processor.Unavailable!);
        }

        Enabled = wanted.Where(p => p.Unavailable is null).ToList();
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

    /// <summary>The processors switched off because they cannot run on this silo (a model missing).</summary>
    public IReadOnlyList<IImageProcessor> Unavailable { get; }

    /// <summary>The enabled processors that run before the answer.</summary>
    public IReadOnlyList<IImageProcessor> Inline { get; }

    /// <summary>The enabled processors that run after the answer, from the deferred queue.</summary>
    public IReadOnlyList<IImageProcessor> Deferred { get; }

    /// <summary>When the enabled processor <paramref name="name"/> runs, as configured.</summary>
    public ProcessorRuns RunsOf(string name) => runs.GetValueOrDefault(name);

    /// <summary>Finds an enabled processor by display name.</summary>
    public bool TryGet(string name, out IImageProcessor processor) => byName.TryGetValue(name, out processor!);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processor {Processor} is switched off: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string processor, string reason);
}
