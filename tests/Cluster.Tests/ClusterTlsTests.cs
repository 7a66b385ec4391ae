using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ImgProcess.Tests;
using Npgsql;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// A silo and a client-mode gateway that talk over mutual TLS with a self-signed cluster certificate, and a silo
/// without the certificate that cannot join them.
/// </summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    private string CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=imgprocess-cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(data.Path, "cluster.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "secret"));
        return path;
    }

    [Fact]
    public async Task Silo_and_gateway_work_over_mutual_tls_and_the_silo_port_speaks_tls()
    {
        var certificate = CreateCertificate();
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var settings = new Dictionary<string, string>
        {
            ["ImgProcess__Storage__Provider"] = "PostgreSql",
            ["ImgProcess__Storage__ConnectionString"] = connectionString,
            ["ImgProcess__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["ImgProcess__Cluster__TlsCertificatePath"] = certificate,
            ["ImgProcess__Cluster__TlsCertificatePassword"] = "secret",
        };
        var siloSettings = new Dictionary<string, string>(settings)
        {
            ["ImgProcess__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["ImgProcess__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        using var silo = ServiceProcess.StartSilo(siloSettings);
        await WaitForActiveSiloAsync(connectionString);

        var gatewaySettings = new Dictionary<string, string>(settings) { ["ImgProcess__Cluster__GatewayMode"] = "Client", ["ImgProcess__Access__ApiKeys__0"] = "cluster-key" };
        using var gateway = await ServiceProcess.StartAsync(data.Path, gatewaySettings);
        using var client = gateway.CreateClient();

        // A client-mode gateway with keys starts, and writes need one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(64, 48, seed: 9), "tls.jpg"))).StatusCode);
        client.DefaultRequestHeaders.Add("X-Api-Key", "cluster-key");
        var response = await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(64, 48, seed: 9), "tls.jpg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("done", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        // The silo's gateway port completes a TLS handshake with the cluster certificate.
        using var cluster = X509CertificateLoader.LoadPkcs12FromFile(certificate, "secret");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, gatewayPort);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, remote, _, _) => remote is not null && remote.GetCertHashString() == cluster.Thumbprint);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "imgprocess-cluster",
            ClientCertificates = [cluster],
        });
        Assert.True(tls.IsAuthenticated);
        Assert.True(tls.IsMutuallyAuthenticated);

        // A silo without the certificate cannot join: it speaks plain TCP to a cluster that accepts only mutual TLS.
        var intruderPort = FreePorts.Next();
        var intruderSettings = new Dictionary<string, string>(settings)
        {
            ["ImgProcess__Cluster__SiloPort"] = intruderPort.ToString(CultureInfo.InvariantCulture),
            ["ImgProcess__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        intruderSettings.Remove("ImgProcess__Cluster__TlsCertificatePath");
        intruderSettings.Remove("ImgProcess__Cluster__TlsCertificatePassword");
        using var intruder = ServiceProcess.StartSilo(intruderSettings);
        var watchUntil = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < watchUntil && !intruder.HasExited)
        {
            Assert.NotEqual(3, await StatusOfSiloAsync(connectionString, intruderPort));
            await Task.Delay(500);
        }

        Assert.NotEqual(3, await StatusOfSiloAsync(connectionString, intruderPort));
        var after = await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(64, 48, seed: 10), "tls.jpg"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    // The silo's membership status (3 = active), or 0 while it has no row.
    private static async Task<int> StatusOfSiloAsync(string connectionString, int port)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM membership WHERE port = $1 ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue(port);
        return await command.ExecuteScalarAsync() is int status ? status : 0;
    }

    private static async Task WaitForActiveSiloAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM membership WHERE status = 3", connection);
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                {
                    return;
                }
            }
            catch (PostgresException)
            {
                // Schema not there yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the TLS silo never became active");
    }
}
