using Npgsql;
using NpgsqlTypes;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Blobs in the <c>blobs</c> table of the shared PostgreSQL, so every silo and gateway of a cluster reads the same
/// bytes. Reads stream the column (sequential access) instead of materialising it when a stream is asked for.
/// </summary>
public sealed class PostgreSqlBlobStore(NpgsqlDataSource dataSource) : IBlobStore
{
    /// <inheritdoc />
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BlobKey.EnsureValid(key);
        await using var command = dataSource.CreateCommand("INSERT INTO blobs (key, content, size_bytes) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING;");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = content, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = content.Length });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.EnsureValid(key);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var command = new NpgsqlCommand("SELECT content FROM blobs WHERE key = $1;", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess | System.Data.CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                await reader.DisposeAsync();
                await command.DisposeAsync();
                await connection.DisposeAsync();
                return null;
            }

            // The column stream is only valid while its reader and connection live: they go with it.
            return new OwningReadStream(await reader.GetStreamAsync(0, cancellationToken), null, reader, command, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.EnsureValid(key);
        await using var command = dataSource.CreateCommand("SELECT content FROM blobs WHERE key = $1;");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.EnsureValid(key);
        await using var command = dataSource.CreateCommand("DELETE FROM blobs WHERE key = $1;");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.EnsureValid(key);
        await using var command = dataSource.CreateCommand("SELECT 1 FROM blobs WHERE key = $1;");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string? after = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int PageSize = 1000;
        var last = after ?? "";
        while (true)
        {
            // Keyset pages in byte order (COLLATE "C" is ordinal), so a page costs the same wherever it starts.
            await using var command = dataSource.CreateCommand("SELECT key FROM blobs WHERE key COLLATE \"C\" > $1 ORDER BY key COLLATE \"C\" LIMIT $2;");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = last });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PageSize });
            var page = new List<string>(PageSize);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(reader.GetString(0));
                }
            }

            foreach (var key in page)
            {
                yield return key;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            last = page[^1];
        }
    }
}
