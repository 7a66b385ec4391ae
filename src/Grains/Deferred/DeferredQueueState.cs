namespace ImgProcess.Grains.Deferred;

/// <summary>The persisted state of a <see cref="DeferredQueueGrain"/>: the uploads waiting, oldest first.</summary>
[GenerateSerializer]
public sealed class DeferredQueueState
{
    /// <summary>The uploads waiting, in the order they were queued.</summary>
    [Id(0)] public List<DeferredWork> Waiting { get; set; } = [];
}

/// <summary>One upload in a deferred queue.</summary>
[GenerateSerializer]
public sealed class DeferredWork
{
    /// <summary>The upload.</summary>
    [Id(0)] public string ImageId { get; set; } = "";

    /// <summary>When it was queued.</summary>
    [Id(1)] public DateTimeOffset QueuedAt { get; set; }

    /// <summary>Runs that met an outage.</summary>
    [Id(2)] public int Failures { get; set; }

    /// <summary>Not to be run before this (a pause after an outage).</summary>
    [Id(3)] public DateTimeOffset NotBefore { get; set; }
}
