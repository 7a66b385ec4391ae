using Microsoft.Data.Sqlite;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// The SQL of grain state on SQLite, against the <c>GrainState</c> table of the schema scripts: a connection of the
/// writer's own with its insert, update and delete prepared once, and the read any pooled connection runs. A change
/// answers its row's new version, or no row when the row was not at the version the caller expected.
/// </summary>
public sealed class SqliteStateStatements : IDisposable
{
    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    private const string Row = "ServiceId = $service AND StateName = $state AND KeyN0 = $n0 AND KeyN1 = $n1 AND KeyText = $key";

    private readonly SqliteConnection connection;
    private readonly SqliteCommand insert;
    private readonly SqliteCommand update;
    private readonly SqliteCommand delete;

    private SqliteStateStatements(SqliteConnection connection)
    {
        this.connection = connection;
        insert = Prepare($"""
            INSERT INTO GrainState (ServiceId, StateName, KeyN0, KeyN1, KeyText, Payload, Version, ModifiedAt)
            VALUES ($service, $state, $n0, $n1, $key, $payload, 1, {Now})
            ON CONFLICT DO NOTHING RETURNING Version;
            """);
        update = Prepare($"UPDATE GrainState SET Payload = $payload, Version = Version + 1, ModifiedAt = {Now} WHERE {Row} AND Version = $version RETURNING Version;");
        delete = Prepare($"DELETE FROM GrainState WHERE {Row} AND Version = $version RETURNING Version;");
    }

    /// <summary>Opens the writer's connection to the database behind <paramref name="connectionString"/>.</summary>
    public static SqliteStateStatements Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return new SqliteStateStatements(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="changes"/> in one <c>BEGIN IMMEDIATE</c> transaction and commits it; rolls back if it throws.</summary>
    public void InTransaction(Action<SqliteTransaction> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        using var transaction = connection.BeginTransaction(deferred: false);
        changes(transaction);
        transaction.Commit();
    }

    /// <summary>Applies <paramref name="change"/> inside <paramref name="transaction"/>; returns the row's new version, or null on a version conflict.</summary>
    public int? Apply(StateChange change, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(change);
        var command = change.Kind switch
        {
            StateChangeKind.Insert => insert,
            StateChangeKind.Update => update,
            StateChangeKind.Delete => delete,
            _ => throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Unknown state change."),
        };
        command.Transaction = transaction;
        Bind(command, change.Key);
        if (change.Kind != StateChangeKind.Delete)
        {
            command.Parameters["$payload"].Value = change.Payload ?? (object)DBNull.Value;
        }

        if (change.Kind != StateChangeKind.Insert)
        {
            command.Parameters["$version"].Value = change.ExpectedVersion ?? (object)DBNull.Value;
        }

        return command.ExecuteScalar() is long version ? (int)version : null;
    }

    /// <summary>Reads the row at <paramref name="key"/> on a pooled connection: its payload (null when cleared) and version, or nothing.</summary>
    public static (byte[]? Payload, int Version)? Read(string connectionString, GrainStateKey key)
    {
        using var reader = new SqliteConnection(connectionString);
        reader.Open();
        using var select = reader.CreateCommand();
        select.CommandText = $"SELECT Payload, Version FROM GrainState WHERE {Row};";
        AddKey(select);
        Bind(select, key);
        using var row = select.ExecuteReader();
        if (!row.Read())
        {
            return null;
        }

        return (row.IsDBNull(0) ? null : row.GetFieldValue<byte[]>(0), row.GetInt32(1));
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddKey(command);
        if (sql.Contains("$payload", StringComparison.Ordinal))
        {
            command.Parameters.Add("$payload", SqliteType.Blob);
        }

        if (sql.Contains("$version", StringComparison.Ordinal))
        {
            command.Parameters.Add("$version", SqliteType.Integer);
        }

        command.Prepare();
        return command;
    }

    private static void AddKey(SqliteCommand command)
    {
        command.Parameters.Add("$service", SqliteType.Text);
        command.Parameters.Add("$state", SqliteType.Text);
        command.Parameters.Add("$n0", SqliteType.Integer);
        command.Parameters.Add("$n1", SqliteType.Integer);
        command.Parameters.Add("$key", SqliteType.Text);
    }

    private static void Bind(SqliteCommand command, GrainStateKey key)
    {
        command.Parameters["$service"].Value = key.ServiceId;
        command.Parameters["$state"].Value = key.StateName;
        command.Parameters["$n0"].Value = key.N0;
        command.Parameters["$n1"].Value = key.N1;
        command.Parameters["$key"].Value = key.KeyText;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        insert.Dispose();
        update.Dispose();
        delete.Dispose();
        connection.Dispose();
    }
}
