namespace ImgProcess.Grains.Reprocessing;

/// <summary>The backfill that reprocesses every image with the current processors (one job, key 0).</summary>
public interface IReprocessJobGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a backfill unless one is running; returns the progress.</summary>
    Task<ReprocessProgress> Start(CancellationToken cancellationToken = default);

    /// <summary>The progress of the current or last backfill.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ReprocessProgress> Progress(CancellationToken cancellationToken = default);
}
