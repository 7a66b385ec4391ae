using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace ImgProcess.Grains.Faults;

/// <summary>
/// Tells an outage (a dependency that may answer again if asked later) from everything else: the one place that
/// decides which failures become a 503. Anything it does not recognise is a bug of ours and stays a 500.
/// </summary>
public static class Unavailability
{
    // SQLite result codes that mean the file or the disk, not the statement: busy, locked, I/O error, disk full, cannot open.
    private static readonly int[] SqliteOutageCodes = [5, 6, 10, 13, 14];

    /// <summary>
    /// What is unavailable when <paramref name="exception"/> (or an exception it wraps) is an outage; null when it is
    /// not one. <paramref name="source"/> names the dependency a raw provider exception came from.
    /// </summary>
    public static Dependency? Classify(Exception exception, Dependency source = Dependency.Cluster)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (ClassifyOne(e, source) is { } dependency)
            {
                return dependency;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(inner => Classify(inner, source)).FirstOrDefault(d => d is not null);
            }
        }

        return null;
    }

    private static Dependency? ClassifyOne(Exception e, Dependency source) => e switch
    {
        ServiceUnavailableException ours => ours.Dependency,

        // Orleans: a silo that died or is not reachable, a message rejected or unanswered, a write that lost a race
        // with another activation (the next call reloads the state).
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or TimeoutException
            or InconsistentStateException => Dependency.Cluster,

        SqliteException sqlite when SqliteOutageCodes.Contains(sqlite.SqliteErrorCode) => source,

        // Npgsql marks connection failures, timeouts and server shutdown/restart states (SQLSTATE 08, 53, 57P, ...) as
        // transient; a syntax error or a constraint violation is not, and stays a bug.
        DbException { IsTransient: true } => source,
        SocketException or HttpRequestException => source,

        // S3: the store answered 5xx (or throttled), or could not be reached at all (a client-side failure).
        Amazon.Runtime.AmazonServiceException aws when (int)aws.StatusCode >= 500 || (int)aws.StatusCode == 429 => source,
        Amazon.Runtime.AmazonClientException => source,
        IOException and not (FileNotFoundException or DirectoryNotFoundException) when source != Dependency.Cluster => source,
        _ => null,
    };
}
