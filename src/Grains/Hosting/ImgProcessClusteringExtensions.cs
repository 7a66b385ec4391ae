using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace ImgProcess.Grains.Hosting;

/// <summary>How silos and clients find their cluster: <see cref="ImgProcessClusterOptions.EffectiveClustering"/> on the configured database.</summary>
public static class ImgProcessClusteringExtensions
{
    /// <summary>
    /// Localhost clustering (one machine), or membership in the database (ADO.NET clustering), listening on every
    /// interface and advertising <see cref="ImgProcessClusterOptions.AdvertisedAddress"/>.
    /// Membership timings can be tuned under <c>ImgProcess:Cluster:Membership</c> (Orleans' ClusterMembershipOptions).
    /// </summary>
    public static ISiloBuilder UseImgProcessClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = ClusterSettings(configuration);
        var database = Database(configuration);
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{ImgProcessClusterOptions.SectionName}:Membership"));
        silo.UseClusterTls(cluster);
        silo.AddActivityPropagation();
        if (cluster.EffectiveClustering(database) == ClusteringKind.Localhost)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        if (cluster.Kubernetes && string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
        {
            // Orleans' Kubernetes hosting advertises the pod's IP (POD_IP), names the silo after the pod, takes the
            // cluster identity from the orleans/* pod labels, declares silos whose pods are gone dead, and deletes
            // the pods of silos declared dead (a hung process is replaced instead of lingering).
            silo.UseKubernetesHosting(kubernetes => kubernetes.Configure(options => options.DeleteDefunctSiloPods = true));
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = cluster.SiloPort;
                endpoints.GatewayPort = cluster.GatewayPort;
            });
        }
        else
        {
            silo.ConfigureEndpoints(AdvertisedAddress(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }

        return silo.UseAdoNetClustering(options =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = database.ConnectionString;
        });
    }

    /// <summary>An Orleans client of the cluster: on this machine, or found through the membership in the database.</summary>
    public static IClientBuilder UseImgProcessClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = ClusterSettings(configuration);
        var database = Database(configuration);
        client.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        client.UseClusterTls(cluster);
        client.AddActivityPropagation();
        if (cluster.EffectiveClustering(database) == ClusteringKind.Localhost)
        {
            return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }

        return client.UseAdoNetClustering(options =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = database.ConnectionString;
        });
    }

    private static DatabaseBackend Database(IConfiguration configuration) =>
        DatabaseBackend.For(configuration.GetValidated<StorageOptions>(StorageOptions.SectionName));

    private static ImgProcessClusterOptions ClusterSettings(IConfiguration configuration) =>
        configuration.GetValidated<ImgProcessClusterOptions>(ImgProcessClusterOptions.SectionName);

    private static IPAddress AdvertisedAddress(ImgProcessClusterOptions cluster)
    {
        if (!string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
        {
            return IPAddress.Parse(cluster.AdvertisedAddress);
        }

        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork);
        return candidates.FirstOrDefault() ?? IPAddress.Loopback;
    }
}
