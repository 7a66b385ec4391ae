namespace ImgProcess.Grains.Storage;

/// <summary>The database behind grain state.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file under the data directory.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by every silo.</summary>
    PostgreSql,
}
