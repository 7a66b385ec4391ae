using System.Globalization;
using ImgProcess.Tests;
using Npgsql;

namespace ImgProcess.Cluster.Tests;

/// <summary>
/// Silo processes and a client-mode gateway on one PostgreSQL (membership, grain state and, unless the settings say
/// otherwise, image bytes), on loopback, with Orleans' default membership timings. Writes are open on purpose.
/// </summary>
internal sealed class RealCluster : IAsyncDisposable
{
    private readonly TempDirectory data = new();
    private readonly Dictionary<string, string> settings;

    private RealCluster(string connectionString, IDictionary<string, string> extra)
    {
        ConnectionString = connectionString;
        settings = new Dictionary<string, string>
        {
            ["ImgProcess__Storage__Provider"] = "PostgreSql",
            ["ImgProcess__Storage__ConnectionString"] = connectionString,
            ["ImgProcess__Storage__DataDirectory"] = data.Path,
            ["ImgProcess__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["ImgProcess__Cluster__ClusterId"] = "test",
            ["ImgProcess__Limits__UploadsPerClientPerMinute"] = "0",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
    }

    public string ConnectionString { get; }

    public List<ServiceProcess> Silos { get; } = [];

    /// <summary>The silo-to-silo port of each silo, in the order of <see cref="Silos"/> (membership rows name silos by it).</summary>
    public List<int> SiloPorts { get; } = [];

    public ServiceProcess Gateway { get; private set; } = null!;

    public static async Task<RealCluster> StartAsync(string connectionString, int silos, IDictionary<string, string>? extra = null)
    {
        var cluster = new RealCluster(connectionString, extra ?? new Dictionary<string, string>());
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster.StartSilo();
            }

            await cluster.WaitForActiveSilosAsync(silos, TimeSpan.FromSeconds(90));
            var gatewaySettings = new Dictionary<string, string>(cluster.settings)
            {
                ["ImgProcess__Cluster__GatewayMode"] = "Client",
                ["ImgProcess__Access__AllowAnonymousWrites"] = "true",
            };
            cluster.Gateway = await ServiceProcess.StartAsync(cluster.data.Path, gatewaySettings);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo and waits until <paramref name="activeSilos"/> are active (a dead one declared dead).</summary>
    public async Task AddSiloAsync(int activeSilos)
    {
        StartSilo();
        await WaitForActiveSilosAsync(activeSilos, TimeSpan.FromSeconds(90));
    }

    private void StartSilo()
    {
        var siloPort = FreePorts.Next();
        SiloPorts.Add(siloPort);
        var siloSettings = new Dictionary<string, string>(settings)
        {
            ["ImgProcess__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["ImgProcess__Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        };
        Silos.Add(ServiceProcess.StartSilo(siloSettings));
    }

    public async Task<int> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM membership WHERE status = 3", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every membership row: the silo-to-silo port and the status (3 active, 6 dead).</summary>
    public async Task<List<(int Port, int Status)>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, status FROM membership", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, int)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return rows;
    }

    public ValueTask DisposeAsync()
    {
        (Gateway as IDisposable)?.Dispose();
        foreach (var silo in Silos)
        {
            silo.Dispose();
        }

        data.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ActiveSilosAsync() == count)
                {
                    return;
                }
            }
            catch (PostgresException)
            {
                // The schema may not exist yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"waited {timeout} for {count} active silos");
    }
}
