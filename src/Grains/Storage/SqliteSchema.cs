using Microsoft.Data.Sqlite;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Creates and upgrades the SQLite database: applies every embedded <c>Sqlite</c> script newer than the
/// version recorded in the database, each in its own transaction. Safe to run on every start-up and by
/// several processes at once: <c>BEGIN IMMEDIATE</c> takes the database's write lock before the version is read.
/// </summary>
public static class SqliteSchema
{
    /// <summary>The connection string the service uses for <paramref name="databaseFile"/>.</summary>
    public static string ConnectionString(string databaseFile) => new SqliteConnectionStringBuilder
    {
        DataSource = databaseFile,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Applies pending scripts to <paramref name="databaseFile"/>, creating it when missing. Returns the schema version.</summary>
    public static int Apply(string databaseFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!);
        using var connection = new SqliteConnection(ConnectionString(databaseFile));
        connection.Open();

        // WAL lets readers run beside the writer; it is a property of the file, so setting it once persists.
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS SchemaVersion (Version INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL, AppliedAt TEXT NOT NULL);");

        var current = 0;
        foreach (var script in SchemaScript.Load("Sqlite"))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            current = CurrentVersion(connection, transaction);
            if (script.Version <= current)
            {
                transaction.Rollback();
                continue;
            }

            Execute(connection, script.Sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO SchemaVersion (Version, Name, AppliedAt) VALUES ($version, $name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
            record.Parameters.AddWithValue("$version", script.Version);
            record.Parameters.AddWithValue("$name", script.Name);
            record.ExecuteNonQuery();
            transaction.Commit();
            current = script.Version;
        }

        return current;
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(Version), 0) FROM SchemaVersion;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
