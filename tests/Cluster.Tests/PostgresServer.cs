using System.Diagnostics;
using ImgProcess.Tests;
using Npgsql;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// The real PostgreSQL the tests use: the one test.sh started (IMGPROCESS_TEST_POSTGRES), or else one this process
/// starts with scripts/postgres.sh and stops at exit. Each fixture gets a database of its own.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<string> AdminConnection = new(StartOrReuse);

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnection.Value))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnection.Value) { Database = name, Pooling = true }.ToString();
    }

    private static string StartOrReuse()
    {
        var provided = Environment.GetEnvironmentVariable("IMGPROCESS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(provided))
        {
            return provided;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"imgprocess-pg-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var port = FreePorts.Next();
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");
        var connection = Run(script, "start", Path.Combine(directory, "pg"), port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Trim();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(script, "stop", Path.Combine(directory, "pg"));
            Directory.Delete(directory, recursive: true);
        };
        return connection;
    }

    internal static string Run(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{Path.GetFileName(script)} {string.Join(' ', arguments)} failed: {error}");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ImgProcess.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
