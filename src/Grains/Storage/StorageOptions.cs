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

    /// <summary>
    /// Where image bytes live: <see cref="BlobStoreKind.File"/> under <see cref="DataDirectory"/>,
    /// <see cref="BlobStoreKind.PostgreSql"/> in the shared database, or <see cref="BlobStoreKind.S3"/> in an object
    /// store. Default: files with SQLite, the database with PostgreSQL.
    /// </summary>
    public BlobStoreKind? Blobs { get; set; }

    /// <summary>Apply pending schema scripts when a silo starts (default true; safe when several start at once).</summary>
    public bool ApplySchemaOnStart { get; set; } = true;

    /// <summary>The blob store in effect.</summary>
    public BlobStoreKind EffectiveBlobs => Blobs ?? DatabaseBackend.For(this).DefaultBlobs;

    /// <summary>The PostgreSQL connection string, or an error naming the missing setting.</summary>
    public string GetRequiredConnectionString() => string.IsNullOrWhiteSpace(ConnectionString)
        ? throw new InvalidOperationException($"{SectionName}:ConnectionString is required when PostgreSQL is used.")
        : ConnectionString;

    /// <summary>The SQLite database file inside <see cref="DataDirectory"/>.</summary>
    public string SqliteFilePath => Path.Combine(Path.GetFullPath(DataDirectory), "imgprocess.db");

    /// <summary>The root directory of the file blob store inside <see cref="DataDirectory"/>.</summary>
    public string BlobDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "blobs");
}
