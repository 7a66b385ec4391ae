using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Faults;

/// <summary>
/// A blob store whose outages (a database or object store that does not answer or answers 5xx, a failing disk, a
/// request past the store's own timeout) surface as <see cref="ServiceUnavailableException"/>.
/// </summary>
public sealed class UnavailabilityTranslatingBlobStore(IBlobStore inner) : IBlobStore
{
    /// <inheritdoc />
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        TranslateAsync(async () => { await inner.PutAsync(key, content, cancellationToken); return true; }, "store", key, cancellationToken);

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => inner.OpenReadAsync(key, cancellationToken), "open", key, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => inner.ReadAllAsync(key, cancellationToken), "read", key, cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        TranslateAsync(async () => { await inner.DeleteAsync(key, cancellationToken); return true; }, "delete", key, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => inner.ExistsAsync(key, cancellationToken), "look up", key, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListKeysAsync(string? after = null, CancellationToken cancellationToken = default) =>
        inner.ListKeysAsync(after, cancellationToken); // an operator's command, not a request: its errors are shown as they are

    private static async Task<T> TranslateAsync<T>(Func<Task<T>> operation, string verb, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        // The provider's exception is not attached: its type may have no Orleans codec. Its type and message are kept.
        catch (Exception e) when (e is not ServiceUnavailableException && (Unavailability.Classify(e, Dependency.BlobStore) == Dependency.BlobStore
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)))
        {
            throw new ServiceUnavailableException(Dependency.BlobStore, $"The blob store did not {verb} '{key}': {e.GetType().Name}: {e.Message}");
        }
    }
}
