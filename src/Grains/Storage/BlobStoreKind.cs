namespace ImgProcess.Grains.Storage;

/// <summary>Where image bytes live.</summary>
public enum BlobStoreKind
{
    /// <summary>Files under the data directory (one machine, or a shared volume).</summary>
    File,

    /// <summary>The <c>blobs</c> table of the shared PostgreSQL.</summary>
    PostgreSql,

    /// <summary>An S3-compatible object store (<see cref="S3StorageOptions"/>).</summary>
    S3,
}
