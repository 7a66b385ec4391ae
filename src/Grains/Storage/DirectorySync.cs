using System.Runtime.InteropServices;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Makes a directory's entries durable. A file's own fsync does not cover its name: after a power cut a rename into a
/// directory, or a directory just created, can be gone unless the directory itself is synced. .NET has no API for it
/// (it refuses to open a directory as a file), so this calls open(2) and fsync(2) directly.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22; // EINVAL
    private const int NotSupported = 95; // EOPNOTSUPP

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk; a no-op where the platform journals them itself (Windows).</summary>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                // Some file systems (FUSE, network and bind mounts) cannot sync a directory: they say so, and there is
                // nothing more to do there, as SQLite and PostgreSQL also conclude.
                var errno = Marshal.GetLastPInvokeError();
                if (errno is not (InvalidArgument or NotSupported))
                {
                    throw new IOException($"Cannot sync directory '{directory}' (errno {errno}).");
                }
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
