namespace ImgProcess.Grains.Images;

/// <summary>One upload (the key is the image id): runs every processor on it once and keeps the results.</summary>
public interface IImageGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the upload in the history, runs every enabled processor in parallel and persists the results.
    /// When it returns, state and history entry are durable. Calling it again for a processed image returns the stored record.
    /// </summary>
    Task<ImageRecord> Process(ImageUpload upload);

    /// <summary>The record, or null when no upload has this id.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ImageRecord?> GetRecord();
}
