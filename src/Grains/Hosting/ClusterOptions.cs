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
}
