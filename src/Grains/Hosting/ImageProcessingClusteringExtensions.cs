using Microsoft.Extensions.Configuration;

namespace ImgProcess.Grains.Hosting;

/// <summary>How a silo joins its cluster, from <see cref="ImgProcessClusterOptions"/>.</summary>
public static class ImageProcessingClusteringExtensions
{
    /// <summary>
    /// One machine: localhost clustering on the configured silo and gateway ports, with the configured
    /// service and cluster ids (so the ids in grain storage are the same ones a cluster would use).
    /// </summary>
    public static ISiloBuilder UseImageProcessingLocalhostClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection(ImgProcessClusterOptions.SectionName).Get<ImgProcessClusterOptions>() ?? new ImgProcessClusterOptions();
        return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
    }
}
