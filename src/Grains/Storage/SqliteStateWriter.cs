using ImgProcess.Grains.Telemetry;
using Microsoft.Data.Sqlite;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// The one writer of a SQLite database's grain state, on a thread of its own: every change that arrived while the
/// previous commit ran goes into the next transaction, so under load one commit (one fsync of the WAL) makes many
/// changes durable, and each caller's task completes only after the commit that holds its change. SQLite allows one
/// writer at a time anyway; queueing here keeps callers from sleeping in SQLITE_BUSY retries on the threads grains
/// run on, and one long-lived connection keeps its statements prepared.
/// </summary>
/// <remarks>
/// Each change's own statement decides its outcome (a version conflict fails that change alone). When a batch fails
/// as a whole (an I/O error, a full disk), its changes are tried again one per transaction, so a change that cannot
/// be written fails alone too and the rest keep the outcome they would have had on their own.
/// </remarks>
public sealed class SqliteStateWriter : IDisposable
{
    private readonly string connectionString;
    private readonly ImgProcessMetrics? metrics;
    private readonly object gate = new(); // Monitor.Wait/Pulse: the writer sleeps until a change arrives
    private readonly Thread thread;
    private List<StateChange> queued = [];
    private bool closed;

    /// <summary>Starts the writer thread for the database behind <paramref name="connectionString"/>.</summary>
    public SqliteStateWriter(string connectionString, ImgProcessMetrics? metrics)
    {
        this.connectionString = connectionString;
        this.metrics = metrics;
        thread = new Thread(Run) { IsBackground = true, Name = "SQLite state writer" };
        thread.Start();
    }

    /// <summary>Queues <paramref name="change"/>; completes with its new version (null: a version conflict) once committed.</summary>
    public Task<int?> WriteAsync(StateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, this);
            queued.Add(change);
            if (queued.Count == 1)
            {
                Monitor.Pulse(gate);
            }
        }

        return change.Committed.Task;
    }

    private void Run()
    {
        SqliteStateStatements? statements = null;
        try
        {
            while (NextBatch() is { } batch)
            {
                statements = Commit(batch, statements);
            }
        }
        finally
        {
            statements?.Dispose();
        }
    }

    private List<StateChange>? NextBatch()
    {
        lock (gate)
        {
            while (queued.Count == 0 && !closed)
            {
                Monitor.Wait(gate);
            }

            if (queued.Count == 0)
            {
                return null;
            }

            var batch = queued;
            queued = [];
            return batch;
        }
    }

    /// <summary>Commits <paramref name="batch"/> in one transaction; returns the statements to use next (null after a failure: reconnect).</summary>
    private SqliteStateStatements? Commit(List<StateChange> batch, SqliteStateStatements? statements)
    {
        var outcomes = new int?[batch.Count];
        try
        {
            statements ??= SqliteStateStatements.Open(connectionString);
            statements.InTransaction(transaction =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    outcomes[i] = statements.Apply(batch[i], transaction);
                }
            });
        }
#pragma warning disable CA1031 // Not swallowed: each change is retried alone and its caller gets its own exception.
        catch (Exception whole)
#pragma warning restore CA1031
        {
            statements?.Dispose();
            return batch.Count == 1 ? Fail(batch[0], whole) : CommitOneByOne(batch);
        }

        metrics?.StateWritesCommitted(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Committed.TrySetResult(outcomes[i]);
        }

        return statements;
    }

    private SqliteStateStatements? CommitOneByOne(List<StateChange> batch)
    {
        SqliteStateStatements? statements = null;
        foreach (var change in batch)
        {
            statements = Commit([change], statements);
        }

        return statements;
    }

    private static SqliteStateStatements? Fail(StateChange change, Exception e)
    {
        change.Committed.TrySetException(e);
        return null;
    }

    /// <summary>Commits what is queued, then stops the thread; later writes are refused.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            Monitor.Pulse(gate);
        }

        thread.Join();
    }
}
