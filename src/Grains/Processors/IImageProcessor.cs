namespace ImgProcess.Grains.Processors;

/// <summary>
/// One analysis the service runs on every upload. Implementations are sealed, stateless and small:
/// a display name, a description of what they return, a version, what they need of the image, and one method.
/// </summary>
public interface IImageProcessor
{
    /// <summary>The display name, used as the key of the result (<c>"Average Pixel Value"</c>).</summary>
    string Name { get; }

    /// <summary>What the result is, in one sentence, for <c>GET /processors</c>.</summary>
    string Description { get; }

    /// <summary>Bumped when the result for the same image changes (a fix, a new field).</summary>
    string Version { get; }

    /// <summary>What of the image the processor reads: only the header, the full frame, or the downscaled analysis copy.</summary>
    ImageNeed Needs { get; }

    /// <summary>
    /// Whether it runs before the upload is answered (<see cref="ProcessorRuns.Inline"/>, the default) or after, from a
    /// durable queue (<see cref="ProcessorRuns.Deferred"/>: slow analyses). Configuration can move a processor either way.
    /// </summary>
    ProcessorRuns Runs => ProcessorRuns.Inline;

    /// <summary>
    /// Why the processor cannot run on this silo (a model file missing), or null when it can: such a processor is
    /// switched off with one log line, and <c>GET /processors</c> lists it with the reason.
    /// </summary>
    string? Unavailable => null;

    /// <summary>Computes the result: any value System.Text.Json can serialize (numbers, strings, records, dictionaries).</summary>
    ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken);
}
