using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Storage;

/// <summary>Applies the PostgreSQL schema when a silo starts, before membership and grain storage read their queries.</summary>
public sealed partial class PostgreSqlSchemaInitializer(IOptions<StorageOptions> options, ILogger<PostgreSqlSchemaInitializer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(PostgreSqlSchemaInitializer), ServiceLifecycleStage.RuntimeInitialize - 100, async cancellationToken =>
        {
            var version = await PostgreSqlSchema.ApplyAsync(options.Value.GetRequiredConnectionString(), cancellationToken);
            LogApplied(version);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema is at version {Version}")]
    private partial void LogApplied(int version);
}
