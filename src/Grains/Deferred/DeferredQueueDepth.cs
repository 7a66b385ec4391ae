namespace ImgProcess.Grains.Deferred;

/// <summary>What waits in one deferred queue.</summary>
/// <param name="Waiting">Uploads queued.</param>
/// <param name="OldestQueuedAt">When the oldest was queued; null when none waits.</param>
[GenerateSerializer, Immutable]
public sealed record DeferredQueueDepth([property: Id(0)] int Waiting, [property: Id(1)] DateTimeOffset? OldestQueuedAt);
