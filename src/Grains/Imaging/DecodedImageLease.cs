namespace ImgProcess.Grains.Imaging;

/// <summary>A hold on one shared image in the <see cref="DecodedImageCache"/>; dispose it when done.</summary>
public sealed class DecodedImageLease : IDisposable
{
    private readonly DecodedImageCache owner;
    private readonly DecodedImageCache.Entry entry;
    private int disposed;

    internal DecodedImageLease(DecodedImageCache owner, DecodedImageCache.Entry entry)
    {
        this.owner = owner;
        this.entry = entry;
    }

    /// <summary>The image this lease holds.</summary>
    public ImageRef Image => entry.Image;

    /// <summary>The stored bytes (read once per silo).</summary>
    public Task<byte[]> GetBytesAsync(CancellationToken cancellationToken = default) => entry.Bytes.WaitAsync(cancellationToken);

    /// <summary>The header: format, dimensions, metadata; no pixels are decoded.</summary>
    public Task<ImageHeader> GetHeaderAsync(CancellationToken cancellationToken = default) => entry.Header.WaitAsync(cancellationToken);

    /// <summary>The decoded pixels (decoded once per silo).</summary>
    public Task<DecodedImage> GetPixelsAsync(CancellationToken cancellationToken = default) => entry.Pixels.WaitAsync(cancellationToken);

    /// <summary>Starts the decode now, in the background, for processors that will ask for the pixels soon.</summary>
    /// <remarks>A decode that fails is the processors' to report; when none comes to ask, its failure is observed here.</remarks>
    public void StartDecoding() => _ = entry.Pixels.ContinueWith(
        decode => _ = decode.Exception,
        CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            owner.Release(entry);
        }
    }
}
