using System.Security.Cryptography;
using System.Text;
using ImgProcess.Grains.Images;

namespace ImgProcess.Gateway.Security;

/// <summary>
/// Who made a request: the name of the API key it presented (a fingerprint of the key, never the key) and whether it
/// is an admin key. Set by <see cref="ApiKeyMiddleware"/>; anonymous when no key was presented or none is configured.
/// </summary>
internal sealed record Caller(string? KeyName, bool IsAdmin)
{
    /// <summary>A request without a (valid) key.</summary>
    public static readonly Caller Anonymous = new(null, false);

    /// <summary>The caller of <paramref name="context"/>'s request.</summary>
    public static Caller Of(HttpContext context) => context?.Items[typeof(Caller)] as Caller ?? Anonymous;

    /// <summary>The name a key is recorded under: <c>key-</c> and the first 12 hex digits of its SHA-256.</summary>
    public static string NameOf(string key) => $"key-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12]}";

    /// <summary>
    /// Whether this caller may delete or reprocess <paramref name="record"/>: its owner or an admin key. Records without
    /// an owner (anonymous uploads, and records from before ownership) stay open to every write key.
    /// </summary>
    public bool MayChange(ImageRecord record) => IsAdmin || record?.Owner is null || record.Owner == KeyName;

    /// <summary>Whether this caller may see <paramref name="record"/> when reads are scoped to owners (<c>ProtectReads</c>).</summary>
    public bool MaySee(ImageRecord record, bool readsScoped) => !readsScoped || MayChange(record);
}
