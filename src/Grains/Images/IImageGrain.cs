namespace ImgProcess.Grains.Images;

/// <summary>One upload (the key is the image id): its record, its place in the history and its results.</summary>
public interface IImageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the upload and its history entry, runs every enabled processor (or takes the results of identical
    /// content processed before) and persists the results. When it returns, everything is durable. Calling it again
    /// for a processed image returns the stored record.
    /// </summary>
    Task<ImageRecord> Process(ImageUpload upload);

    /// <summary>Records the upload and its history entry (status pending), durably, and processes it in the background.</summary>
    Task<ImageRecord> Accept(ImageUpload upload);

    /// <summary>Processes a pending upload; a no-op for one that is done. Called by the grain itself after <see cref="Accept"/>.</summary>
    [Orleans.Concurrency.OneWay]
    Task ProcessPending();

    /// <summary>Runs the current processors again; null when no upload has this id.</summary>
    Task<ImageRecord?> Reprocess();

    /// <summary>Removes the record and the history entry, and the bytes unless another upload has the same content. Idempotent: false when there was nothing to delete.</summary>
    Task<bool> Delete();

    /// <summary>The record, or null when no upload has this id.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ImageRecord?> GetRecord();
}
