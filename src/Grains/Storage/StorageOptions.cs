using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Storage;

/// <summary>Where grain state and image bytes live. Bound from the <c>ImgProcess:Storage</c> section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Storage";

    /// <summary>
    /// <see cref="StorageProvider.Sqlite"/> (default: one machine, nothing to install) or
    /// <see cref="StorageProvider.PostgreSql"/> (a cluster sharing one database).
    /// </summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Directory for the SQLite database and the file blob store. Relative paths resolve against the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Connection string for <see cref="StorageProvider.PostgreSql"/>; ignored for SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQLite database file inside <see cref="DataDirectory"/>.</summary>
    public string SqliteFilePath => Path.Combine(Path.GetFullPath(DataDirectory), "imgprocess.db");

    /// <summary>The root directory of the file blob store inside <see cref="DataDirectory"/>.</summary>
    public string BlobDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "blobs");
}

/// <summary>The database behind grain state.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file under the data directory.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by every silo.</summary>
    PostgreSql,
}
