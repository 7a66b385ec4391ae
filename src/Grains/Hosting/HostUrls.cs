using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ImgProcess.Grains.Hosting;

/// <summary>The default listening address of our hosts (gateway :8080, silo :8081).</summary>
public static class HostUrls
{
    /// <summary>
    /// Listens on every interface on <paramref name="port"/> unless urls or ports are configured; and, when
    /// <paramref name="internalPort"/> is given, on that port of every interface as well (the operators' endpoints).
    /// </summary>
    public static WebApplicationBuilder ListenByDefaultOn(this WebApplicationBuilder builder, int port, int? internalPort = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var configured = configuration["urls"];
        if (string.IsNullOrEmpty(configured) && !string.IsNullOrEmpty(configuration["http_ports"]))
        {
            configured = string.Join(';', configuration["http_ports"]!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        }

        var urls = string.IsNullOrEmpty(configured) ? $"http://0.0.0.0:{port}" : configured;
        if (internalPort is { } extra)
        {
            urls += $";http://0.0.0.0:{extra}";
        }

        if (urls != configuration["urls"] && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(urls);
        }

        return builder;
    }
}
