using System.Net;
using System.Runtime.InteropServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Blobs as objects in an S3-compatible bucket, under <see cref="S3StorageOptions.KeyPrefix"/> + the key. A put is one
/// PutObject (content-addressed keys: writing the same key again writes the same bytes); reads stream the object's
/// body straight to the caller. Timeouts and retries come from <see cref="S3StorageOptions"/>, not the SDK's defaults.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private readonly AmazonS3Client client;
    private readonly string bucket;
    private readonly string prefix;

    /// <summary>Creates the client from <paramref name="options"/>.</summary>
    public S3BlobStore(IOptions<S3StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s3 = options.Value;
        bucket = s3.Bucket ?? throw new InvalidOperationException($"{S3StorageOptions.SectionName}:Bucket is required when ImgProcess:Storage:Blobs is S3.");
        prefix = s3.KeyPrefix;
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            Timeout = s3.RequestTimeout,
            MaxErrorRetry = s3.MaxRetries,

            // Checksums only where S3 requires them: many S3-compatible stores cannot read the SDK's chunked trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(s3.Region);
        }
        else
        {
            config.ServiceURL = s3.ServiceUrl;
            config.AuthenticationRegion = s3.Region;
        }

        client = string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }

    /// <summary>The bucket the store writes to.</summary>
    public string Bucket => bucket;

    /// <inheritdoc />
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var body = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await using (body)
        {
            await client.PutObjectAsync(
                new PutObjectRequest { BucketName = bucket, Key = ObjectKey(key), InputStream = body, AutoCloseStream = false, UseChunkEncoding = false },
                cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await client.GetObjectAsync(bucket, ObjectKey(key), cancellationToken);
            // The object's body, read as it arrives; the response (and its connection) goes with it.
            return new OwningReadStream(response.ResponseStream, response.ContentLength, response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await client.DeleteObjectAsync(bucket, ObjectKey(key), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetObjectMetadataAsync(bucket, ObjectKey(key), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string? after = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, StartAfter = after is null ? null : prefix + after };
        do
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                var key = item.Key[prefix.Length..];
                if (BlobKey.IsValid(key))
                {
                    yield return key;
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <summary>
    /// Checks that the bucket exists and the credentials may list it; throws with the reason otherwise. Used at start-up
    /// (a wrong bucket or key must stop the process with a clear message, not fail every upload later) and by readiness.
    /// </summary>
    public async Task CheckBucketAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"The S3 bucket '{bucket}' does not exist ({S3StorageOptions.SectionName}:Bucket); create it first.", e);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"The S3 store refused the credentials for bucket '{bucket}' ({e.ErrorCode}): check {S3StorageOptions.SectionName}:AccessKey/SecretKey or the AWS credential chain.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    private string ObjectKey(string key)
    {
        BlobKey.EnsureValid(key);
        return prefix + key;
    }
}
