using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Storage;

/// <summary>Applies the SQLite schema when the silo starts, before grain storage reads its queries.</summary>
public sealed partial class SqliteSchemaInitializer(IOptions<StorageOptions> options, ILogger<SqliteSchemaInitializer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SqliteSchemaInitializer), ServiceLifecycleStage.RuntimeInitialize - 100, _ =>
        {
            var file = options.Value.SqliteFilePath;
            var version = SqliteSchema.Apply(file);
            LogApplied(file, version);
            return Task.CompletedTask;
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite schema at {File} is at version {Version}")]
    private partial void LogApplied(string file, int version);
}
