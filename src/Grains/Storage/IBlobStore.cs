namespace ImgProcess.Grains.Storage;

/// <summary>
/// Image bytes, addressed by a key the service chooses (never a client-supplied name).
/// A completed <see cref="PutAsync"/> is durable: the bytes survive a crash of the process.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>; storing the same key again is a no-op.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Opens the bytes stored under <paramref name="key"/>, or returns <see langword="null"/> when there are none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads all bytes stored under <paramref name="key"/>, or returns <see langword="null"/> when there are none.</summary>
    Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the bytes under <paramref name="key"/>; removing a missing key is a no-op.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>True when bytes are stored under <paramref name="key"/>.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every stored key once, those ordinally above <paramref name="after"/> when it is given, read page by page (in
    /// ordinal order on the file and PostgreSQL stores and on AWS S3): for copying a store to another.
    /// </summary>
    IAsyncEnumerable<string> ListKeysAsync(string? after = null, CancellationToken cancellationToken = default);
}
