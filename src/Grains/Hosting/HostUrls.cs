using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ImgProcess.Grains.Hosting;

/// <summary>The default listening address of our hosts (gateway :8080, silo :8081).</summary>
public static class HostUrls
{
    /// <summary>Listens on every interface on <paramref name="port"/> unless urls or ports are configured.</summary>
    public static WebApplicationBuilder ListenByDefaultOn(this WebApplicationBuilder builder, int port)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }

        return builder;
    }
}
