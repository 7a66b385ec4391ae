using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace ImgProcess.Grains.Hosting;

/// <summary>
/// Mutual TLS between silos and between clients and silos (Microsoft.Orleans.Connections.Security), switched on by
/// <see cref="ImgProcessClusterOptions.TlsCertificatePath"/>. Every node presents the cluster certificate and accepts
/// only peers that present it (or a trusted thumbprint): a self-signed cluster certificate needs no CA.
/// </summary>
public static class ClusterTls
{
    /// <summary>Uses TLS on a silo's connections when a certificate is configured.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ImgProcessClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Load(cluster) is { } certificate ? silo.UseTls(certificate, options => Configure(options, certificate, cluster)) : silo;
    }

    /// <summary>Uses TLS on a client's connections when a certificate is configured.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ImgProcessClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Load(cluster) is { } certificate ? client.UseTls(certificate, options => Configure(options, certificate, cluster)) : client;
    }

    private static X509Certificate2? Load(ImgProcessClusterOptions cluster) =>
        string.IsNullOrWhiteSpace(cluster.TlsCertificatePath)
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(cluster.TlsCertificatePath, cluster.TlsCertificatePassword);

    private static void Configure(TlsOptions options, X509Certificate2 certificate, ImgProcessClusterOptions cluster)
    {
        var trusted = new HashSet<string>(cluster.TlsTrustedThumbprints.Append(certificate.Thumbprint), StringComparer.OrdinalIgnoreCase);
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) => remote is not null && trusted.Contains(remote.Thumbprint);
    }
}
