using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Hosting;

/// <summary>How a node finds its cluster. Bound from <c>ImgProcess:Cluster</c>.</summary>
public sealed class ImgProcessClusterOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Cluster";

    /// <summary>Identifies the service's data across deployments (default <c>imgprocess</c>). Never change it on live data.</summary>
    [Required]
    public string ServiceId { get; set; } = "imgprocess";

    /// <summary>Identifies one deployment's silos (default <c>dev</c>).</summary>
    [Required]
    public string ClusterId { get; set; } = "dev";

    /// <summary>Port for silo-to-silo traffic (default 11111).</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to (default 30000).</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address other silos and clients use to reach this silo (cluster mode). Default: the first non-loopback
    /// IPv4 address of the machine; set it (e.g. from the pod IP) wherever that guess is wrong. Never a Service IP.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// A PKCS#12 (.pfx) certificate file: when set, silo-to-silo and client-to-silo connections use mutual TLS, and a
    /// peer is accepted only when it presents this certificate or one in <see cref="TlsTrustedThumbprints"/>.
    /// </summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The password of <see cref="TlsCertificatePath"/>, if it has one.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>Further certificate thumbprints accepted from peers (e.g. during a certificate rotation).</summary>
    public IList<string> TlsTrustedThumbprints { get; set; } = [];

    /// <summary>
    /// How silos and clients find each other: <see cref="ClusteringKind.Localhost"/> (one machine) or
    /// <see cref="ClusteringKind.Database"/> (membership in PostgreSQL). Unset: the database's own default, localhost for
    /// SQLite and the database for PostgreSQL. Database clustering on SQLite refuses to start.
    /// </summary>
    public ClusteringKind? Clustering { get; set; }

    /// <summary>The clustering in effect on <paramref name="database"/>; throws when the database cannot hold membership.</summary>
    public ClusteringKind EffectiveClustering(Storage.DatabaseBackend database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var kind = Clustering ?? (database.CanHoldMembership ? ClusteringKind.Database : ClusteringKind.Localhost);
        return kind == ClusteringKind.Database && !database.CanHoldMembership
            ? throw new InvalidOperationException($"{SectionName}:Clustering is Database, but {database.Provider} cannot hold cluster membership: set ImgProcess:Storage:Provider to PostgreSql.")
            : kind;
    }

    /// <summary>How the gateway reaches grains: <see cref="GatewayMode.Embedded"/> (hosts a silo) or <see cref="GatewayMode.Client"/>.</summary>
    public GatewayMode GatewayMode { get; set; } = GatewayMode.Embedded;

    /// <summary>
    /// Running in Kubernetes (silos): Orleans' Kubernetes hosting takes the pod's identity and IP from the POD_*
    /// variables and watches the silo pods (needs the Role in deploy/k8s). Only with database clustering.
    /// </summary>
    public bool Kubernetes { get; set; }
}
