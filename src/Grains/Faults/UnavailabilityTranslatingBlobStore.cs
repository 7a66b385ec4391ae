using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Faults;

/// <summary>A blob store whose outages (a database or object store that does not answer, a failing disk) surface as <see cref="ServiceUnavailableException"/>.</summary>
public sealed class UnavailabilityTranslatingBlobStore(IBlobStore inner) : IBlobStore
{
    /// <inheritdoc />
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        TranslateAsync(async () => { await inner.PutAsync(key, content, cancellationToken); return true; }, "store", key);

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => inner.OpenReadAsync(key, cancellationToken), "open", key);

    /// <inheritdoc />
    public Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => inner.ReadAllAsync(key, cancellationToken), "read", key);

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        TranslateAsync(async () => { await inner.DeleteAsync(key, cancellationToken); return true; }, "delete", key);

    private static async Task<T> TranslateAsync<T>(Func<Task<T>> operation, string verb, string key)
    {
        try
        {
            return await operation();
        }
        // The provider's exception is not attached: its type may have no Orleans codec. Its type and message are kept.
        catch (Exception e) when (e is not ServiceUnavailableException && Unavailability.Classify(e, Dependency.BlobStore) == Dependency.BlobStore)
        {
            throw new ServiceUnavailableException(Dependency.BlobStore, $"The blob store did not {verb} '{key}': {e.GetType().Name}: {e.Message}");
        }
    }
}
