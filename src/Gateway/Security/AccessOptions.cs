namespace ImgProcess.Gateway.Security;

/// <summary>Who may call what. Bound from <c>ImgProcess:Access</c>.</summary>
internal sealed class AccessOptions
{
    public const string SectionName = "ImgProcess:Access";

    /// <summary>
    /// Keys that allow writes (POST, PUT, PATCH, DELETE). Empty: writes are open, which only the one-machine
    /// embedded default allows without <see cref="AllowAnonymousWrites"/>.
    /// </summary>
    public IList<string> ApiKeys { get; set; } = [];

    /// <summary>Keys that allow admin calls (the reprocess-everything backfill); admin keys may also write. Empty: write keys suffice.</summary>
    public IList<string> AdminApiKeys { get; set; } = [];

    /// <summary>
    /// A file of write keys, one per line (e.g. a mounted Kubernetes Secret), read again every
    /// <see cref="KeyFileRefreshInterval"/>: keys rotate without a restart. Added to <see cref="ApiKeys"/>.
    /// </summary>
    public string? ApiKeysFile { get; set; }

    /// <summary>A file of admin keys, one per line, read again like <see cref="ApiKeysFile"/>. Added to <see cref="AdminApiKeys"/>.</summary>
    public string? AdminApiKeysFile { get; set; }

    /// <summary>How often the key files are read again (default 10 s).</summary>
    public TimeSpan KeyFileRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Lets a gateway that is part of a cluster (client mode, or PostgreSQL storage) start without any write key, so
    /// that anyone who reaches it may upload and delete. Off by default: say it explicitly (a dev cluster).
    /// </summary>
    public bool AllowAnonymousWrites { get; set; }

    /// <summary>Require a key for reads too (default false: reads stay open).</summary>
    public bool ProtectReads { get; set; }

    /// <summary>Origins allowed to call the API from a browser (CORS). Empty (default): CORS is off.</summary>
    public IList<string> CorsOrigins { get; set; } = [];

    /// <summary>True when some write key is configured, inline or in a file.</summary>
    public bool HasWriteKeys => ApiKeys.Count > 0 || AdminApiKeys.Count > 0 || !string.IsNullOrWhiteSpace(ApiKeysFile) || !string.IsNullOrWhiteSpace(AdminApiKeysFile);
}
