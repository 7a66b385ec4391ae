using System.Net.Sockets;
using ImgProcess.Grains.Faults;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace ImgProcess.Grains.Tests.Faults;

/// <summary>Which failures are outages (a 503 the client may retry) and which are bugs of ours (a 500).</summary>
public sealed class UnavailabilityTests
{
    public static TheoryData<string, Exception, Dependency> Outages => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException(111)), Dependency.Database },
        { "server shutting down (57P01)", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), Dependency.Database },
        { "server starting up (57P03)", new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03"), Dependency.Database },
        { "too many connections (53300)", new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300"), Dependency.Database },
        { "SQLite busy", new SqliteException("database is locked", 5), Dependency.Database },
        { "SQLite disk full", new SqliteException("database or disk is full", 13), Dependency.Database },
        { "disk I/O error", new IOException("Input/output error"), Dependency.Database },
        { "a silo is gone", new SiloUnavailableException("silo gone"), Dependency.Cluster },
        { "no connection to a silo", new ConnectionFailedException("connection refused"), Dependency.Cluster },
        { "no answer in time", new TimeoutException("response did not arrive"), Dependency.Cluster },
        { "write raced another activation", new InconsistentStateException("etag mismatch"), Dependency.Cluster },
        { "ours, from another silo", new ServiceUnavailableException(Dependency.BlobStore, "store down"), Dependency.BlobStore },
        { "wrapped", new InvalidOperationException("outer", new NpgsqlException("read failed", new IOException("reset"))), Dependency.Database },
        { "aggregated", new AggregateException(new ArgumentException("no"), new SiloUnavailableException("gone")), Dependency.Cluster },
        { "S3 answering 503", new Amazon.S3.AmazonS3Exception("Slow Down", Amazon.Runtime.ErrorType.Receiver, "SlowDown", "r1", System.Net.HttpStatusCode.ServiceUnavailable), Dependency.Database },
        { "S3 not reachable", new Amazon.Runtime.AmazonClientException("connection refused", new HttpRequestException("refused")), Dependency.Database },
    };

    public static TheoryData<string, Exception> Bugs => new()
    {
        { "syntax error (42601)", new PostgresException("syntax error at or near", "ERROR", "ERROR", "42601") },
        { "unique violation (23505)", new PostgresException("duplicate key value", "ERROR", "ERROR", "23505") },
        { "SQLite constraint", new SqliteException("UNIQUE constraint failed", 19) },
        { "a null reference", new NullReferenceException() },
        { "a bad argument", new ArgumentException("bad") },
        { "a missing file of a store", new FileNotFoundException("gone") },
        { "S3 refusing the credentials", new Amazon.S3.AmazonS3Exception("Access Denied", Amazon.Runtime.ErrorType.Sender, "AccessDenied", "r2", System.Net.HttpStatusCode.Forbidden) },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_outage_is_classified_by_what_did_not_answer(string name, Exception exception, Dependency expected)
    {
        Assert.True(Unavailability.Classify(exception, Dependency.Database) == expected, name);
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public void A_bug_of_ours_is_not_an_outage(string name, Exception exception)
    {
        Assert.True(Unavailability.Classify(exception, Dependency.Database) is null, name);
    }

    [Fact]
    public void A_raw_provider_exception_is_attributed_to_its_source()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException(111));
        Assert.Equal(Dependency.BlobStore, Unavailability.Classify(refused, Dependency.BlobStore));
        Assert.Equal(Dependency.Database, Unavailability.Classify(refused, Dependency.Database));
    }

    [Fact]
    public async Task A_blob_store_outage_becomes_ours_and_a_missing_blob_stays_missing()
    {
        var down = new UnavailabilityTranslatingBlobStore(new FailingBlobStore(new NpgsqlException("Failed to connect", new SocketException(111))));
        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => down.PutAsync("abc", new byte[] { 1 }));
        Assert.Equal(Dependency.BlobStore, error.Dependency);
        Assert.Contains("NpgsqlException", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException); // the provider's type may have no Orleans codec

        var buggy = new UnavailabilityTranslatingBlobStore(new FailingBlobStore(new ArgumentException("bad key")));
        await Assert.ThrowsAsync<ArgumentException>(() => buggy.ReadAllAsync("abc"));
    }

    [Fact]
    public async Task A_grain_storage_outage_becomes_ours_and_a_version_conflict_stays_a_conflict()
    {
        var state = new GrainState<int>();
        var id = GrainId.Create("test", "1");
        var down = new UnavailabilityTranslatingGrainStorage(new FailingGrainStorage(new PostgresException("terminating connection", "FATAL", "FATAL", "57P01")));
        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => down.WriteStateAsync("image", id, state));
        Assert.Equal(Dependency.Database, error.Dependency);

        var raced = new UnavailabilityTranslatingGrainStorage(new FailingGrainStorage(new InconsistentStateException("etag")));
        await Assert.ThrowsAsync<InconsistentStateException>(() => raced.WriteStateAsync("image", id, state));
    }

    private sealed class FailingBlobStore(Exception failure) : ImgProcess.Grains.Storage.IBlobStore
    {
        public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Task.FromException(failure);

        public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => Task.FromException<Stream?>(failure);

        public Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken = default) => Task.FromException<byte[]?>(failure);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => Task.FromException(failure);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromException<bool>(failure);

        public IAsyncEnumerable<string> ListKeysAsync(string? after = null, CancellationToken cancellationToken = default) => throw failure;
    }

    private sealed class FailingGrainStorage(Exception failure) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.FromException(failure);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.FromException(failure);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.FromException(failure);
    }
}
