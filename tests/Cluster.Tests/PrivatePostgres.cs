using System.Globalization;
using ImgProcess.Tests;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// A PostgreSQL server of one test's own (scripts/postgres.sh in a temporary directory, on a free port), which the test
/// may crash and start again without touching the server every other test shares.
/// </summary>
internal sealed class PrivatePostgres : IDisposable
{
    private readonly string directory;
    private readonly string dataDirectory;
    private readonly string port;
    private readonly string script = Path.Combine(PostgresServer.RepositoryRoot(), "scripts", "postgres.sh");

    public PrivatePostgres()
    {
        directory = Path.Combine(Path.GetTempPath(), $"imgprocess-pg-private-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        dataDirectory = Path.Combine(directory, "pg");
        port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        ConnectionString = $"{PostgresServer.Run(script, "start", dataDirectory, port).Trim()};Pooling=true";
    }

    public string ConnectionString { get; }

    /// <summary>Stops the server at once, as a crash would: open connections break, nothing is shut down cleanly.</summary>
    public void Crash() => PostgresServer.Run(script, "crash", dataDirectory);

    /// <summary>Starts the server again on the same port and data (crash recovery runs first).</summary>
    public void Start() => PostgresServer.Run(script, "start", dataDirectory, port);

    public void Dispose()
    {
        try
        {
            PostgresServer.Run(script, "stop", dataDirectory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
