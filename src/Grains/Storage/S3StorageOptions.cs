using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Image bytes in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Swift's s3api, R2, ...). Bound from
/// <c>ImgProcess:Storage:S3</c>; used when <c>ImgProcess:Storage:Blobs</c> is <see cref="BlobStoreKind.S3"/>.
/// </summary>
public sealed class S3StorageOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Storage:S3";

    /// <summary>The bucket; it must exist (the service checks at start-up and does not create it).</summary>
    public string? Bucket { get; set; }

    /// <summary>Prepended to every key (e.g. <c>imgprocess/</c>), so one bucket can hold several installations.</summary>
    [RegularExpression("^[a-z0-9._/-]*$", ErrorMessage = "KeyPrefix may hold lowercase letters, digits and . _ / - only.")]
    public string KeyPrefix { get; set; } = "";

    /// <summary>The endpoint of an S3-compatible store (e.g. <c>http://minio:9000</c>); unset for AWS S3 itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The region (default <c>us-east-1</c>; most S3-compatible stores accept any).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing (<c>host/bucket/key</c>) instead of virtual hosts; most self-hosted stores need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>An access key; unset: the standard AWS chain (environment, profile, web identity on Kubernetes, instance role).</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret of <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>How long one request to the store may take before it is abandoned (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed request (default 2, with the SDK's back-off); then the client gets 503.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;
}
