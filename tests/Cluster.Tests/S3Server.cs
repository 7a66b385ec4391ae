using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using ImgProcess.Grains.Storage;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// The real S3-compatible server the tests use (s3rver): the one test.sh started (IMGPROCESS_TEST_S3), or else one this
/// process starts with scripts/s3.sh and stops at exit. Each test gets a bucket of its own.
/// </summary>
internal static class S3Server
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly Lazy<string> Endpoint = new(StartOrReuse);

    /// <summary>Options for a new, empty bucket on the shared server.</summary>
    public static async Task<S3StorageOptions> CreateBucketAsync(string? endpoint = null)
    {
        var options = OptionsFor(endpoint ?? Endpoint.Value, $"test-{Guid.NewGuid():N}");
        using var client = Client(options);
        await client.PutBucketAsync(options.Bucket);
        return options;
    }

    public static S3StorageOptions OptionsFor(string endpoint, string bucket) => new()
    {
        Bucket = bucket,
        ServiceUrl = endpoint,
        ForcePathStyle = true,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        RequestTimeout = TimeSpan.FromSeconds(5),
        MaxRetries = 1,
    };

    public static S3BlobStore Store(S3StorageOptions options) => new(Options.Create(options));

    /// <summary>The environment variables that point a gateway or silo at <paramref name="options"/>.</summary>
    public static Dictionary<string, string> Settings(S3StorageOptions options) => new()
    {
        ["ImgProcess__Storage__Blobs"] = "S3",
        ["ImgProcess__Storage__S3__Bucket"] = options.Bucket!,
        ["ImgProcess__Storage__S3__ServiceUrl"] = options.ServiceUrl!,
        ["ImgProcess__Storage__S3__ForcePathStyle"] = "true",
        ["ImgProcess__Storage__S3__AccessKey"] = AccessKey,
        ["ImgProcess__Storage__S3__SecretKey"] = SecretKey,
        ["ImgProcess__Storage__S3__RequestTimeout"] = options.RequestTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["ImgProcess__Storage__S3__MaxRetries"] = options.MaxRetries.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The SDK client the tests use to look into a bucket themselves.</summary>
    public static AmazonS3Client Client(S3StorageOptions options) => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    private static string StartOrReuse()
    {
        var provided = Environment.GetEnvironmentVariable("IMGPROCESS_TEST_S3");
        if (!string.IsNullOrWhiteSpace(provided))
        {
            return provided;
        }

        var server = new PrivateS3();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server.Endpoint;
    }
}

/// <summary>An S3 server of one test's own, which it may stop and start again (same port, same objects).</summary>
internal sealed class PrivateS3 : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"imgprocess-s3-{Guid.NewGuid():N}");
    private readonly string port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
    private readonly string script = Path.Combine(PostgresServer.RepositoryRoot(), "scripts", "s3.sh");

    public PrivateS3()
    {
        Directory.CreateDirectory(directory);
        Endpoint = PostgresServer.Run(script, "start", directory, port).Trim();
    }

    public string Endpoint { get; }

    public void Stop() => PostgresServer.Run(script, "stop", directory);

    public void Start() => PostgresServer.Run(script, "start", directory, port);

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
