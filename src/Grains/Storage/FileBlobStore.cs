using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Blobs as files under <see cref="StorageOptions.BlobDirectory"/>, fanned out by the first characters of the key.
/// Writes go to a temporary file that is flushed to disk and then renamed, so a reader never sees half a blob;
/// the directory is synced after the rename (and after creating a fan-out directory), so an acknowledged write
/// survives a power cut as well as a crash of the process.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string root;

    /// <summary>Creates the store and its root directory.</summary>
    public FileBlobStore(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        root = options.Value.BlobDirectory;
        CreateDurably(root);
    }

    /// <inheritdoc />
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        if (File.Exists(path))
        {
            return Task.CompletedTask;
        }

        var directory = Path.GetDirectoryName(path)!;
        CreateDurably(directory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            // Written synchronously: the bytes go to the page cache in one call, and the flush waits on the disk either
            // way. An asynchronous file write on Linux is the same call made from another pool thread, one hop more per upload.
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                cancellationToken.ThrowIfCancellationRequested();
                file.Write(content.Span);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            DirectorySync.Flush(directory);
        }
        finally
        {
            File.Delete(temporary);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            File.Delete(PathFor(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever stored under this fan-out: nothing to delete.
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathFor(key)));

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string? after = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Keys live in the fan-out directory named by their first two characters, so directory order then file order is key order.
        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (var key in Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>()
                .Where(name => !name.EndsWith(".tmp", StringComparison.Ordinal) && BlobKey.IsValid(name))
                .Where(name => after is null || string.CompareOrdinal(name, after) > 0)
                .Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return key;
            }
        }

        await Task.CompletedTask;
    }

    // A directory is durable once its parent's entry for it is: sync the parent after creating it.
    private static void CreateDurably(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(directory))!);
    }

    private string PathFor(string key)
    {
        BlobKey.EnsureValid(key);
        var fanOut = key.Length >= 2 ? key[..2] : "_";
        return Path.Combine(root, fanOut, key);
    }
}
