namespace ImgProcess.Gateway.Security;

/// <summary>Who may call what. Bound from <c>ImgProcess:Access</c>.</summary>
internal sealed class AccessOptions
{
    public const string SectionName = "ImgProcess:Access";

    /// <summary>Keys that allow writes (POST, PUT, PATCH, DELETE). Empty (default): writes are open.</summary>
    public IList<string> ApiKeys { get; set; } = [];

    /// <summary>Keys that allow admin calls (the reprocess-everything backfill); admin keys may also write. Empty: write keys suffice.</summary>
    public IList<string> AdminApiKeys { get; set; } = [];

    /// <summary>Require a key for reads too (default false: reads stay open).</summary>
    public bool ProtectReads { get; set; }

    /// <summary>Origins allowed to call the API from a browser (CORS). Empty (default): CORS is off.</summary>
    public IList<string> CorsOrigins { get; set; } = [];
}
