using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Security;

/// <summary>
/// The API keys in effect: the configured ones plus those in the key files, which are read again every
/// <see cref="AccessOptions.KeyFileRefreshInterval"/>. A Kubernetes Secret mounted as a volume is updated in place by the kubelet, so a
/// key added to or removed from it takes effect without a restart (several keys may be valid at once for a rotation).
/// Keys given inline or as environment variables need a restart (a rolling one) to change.
/// </summary>
internal sealed partial class ApiKeyRing(IOptions<AccessOptions> options, TimeProvider time, ILogger<ApiKeyRing> logger)
{
    private Keys? current;
    private DateTimeOffset readAt;

    /// <summary>Write keys (admin keys included) and admin keys, as UTF-8 bytes for constant-time comparison.</summary>
    public sealed record Keys(byte[][] Write, byte[][] Admin);

    /// <summary>The caller that <paramref name="presented"/> identifies (compared in constant time with every key); null for an unknown key.</summary>
    public Caller? Identify(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var keys = Current;
        var bytes = Encoding.UTF8.GetBytes(presented);
        var isWrite = false;
        var isAdmin = false;
        foreach (var key in keys.Write)
        {
            isWrite |= CryptographicOperations.FixedTimeEquals(key, bytes);
        }

        foreach (var key in keys.Admin)
        {
            isAdmin |= CryptographicOperations.FixedTimeEquals(key, bytes);
        }

        return isWrite || isAdmin ? new Caller(Caller.NameOf(presented), isAdmin) : null;
    }

    /// <summary>True when writes need a key. Fails closed: a configured key file that is empty or missing allows no write.</summary>
    public bool WritesNeedKey => options.Value.HasWriteKeys;

    public Keys Current
    {
        get
        {
            var now = time.GetUtcNow();
            if (current is null || now - readAt >= options.Value.KeyFileRefreshInterval)
            {
                current = Read();
                readAt = now;
            }

            return current;
        }
    }

    private Keys Read()
    {
        var access = options.Value;
        var admin = access.AdminApiKeys.Concat(ReadFile(access.AdminApiKeysFile)).ToList();
        var write = access.ApiKeys.Concat(ReadFile(access.ApiKeysFile)).Concat(admin).ToList();
        return new Keys([.. write.Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes)], [.. admin.Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes)]);
    }

    private List<string> ReadFile(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return [];
        }

        try
        {
            return File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(path, e.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key file {Path} cannot be read ({Reason}); its keys are not valid until it can")]
    private partial void LogUnreadable(string path, string reason);
}
