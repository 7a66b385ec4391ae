using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ImgProcess.Grains.Hosting;

/// <summary>The default listening address of our hosts (gateway :8080, silo :8081).</summary>
public static class HostUrls
{
    /// <summary>
    /// Listens on every interface on <paramref name="port"/> unless urls or ports are configured; and, when
    /// <paramref name="internalPort"/> is given, on that port too (the operators' endpoints): on
    /// <paramref name="internalAddress"/> when set, else on the same addresses as the main URLs, so a host told to
    /// listen on loopback does not open its internal port to every interface.
    /// </summary>
    public static WebApplicationBuilder ListenByDefaultOn(this WebApplicationBuilder builder, int port, int? internalPort = null, string? internalAddress = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var configured = configuration["urls"];
        if (string.IsNullOrEmpty(configured) && !string.IsNullOrEmpty(configuration["http_ports"]))
        {
            configured = string.Join(';', configuration["http_ports"]!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        }

        var urls = Compose(string.IsNullOrEmpty(configured) ? $"http://0.0.0.0:{port}" : configured, internalPort, internalAddress);
        if (urls != configuration["urls"] && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(urls);
        }

        return builder;
    }

    /// <summary>
    /// <paramref name="urls"/> plus, with <paramref name="internalPort"/>, the internal port on
    /// <paramref name="internalAddress"/> or, without one, on each host the main URLs name.
    /// </summary>
    public static string Compose(string urls, int? internalPort, string? internalAddress = null)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (internalPort is not { } extra)
        {
            return urls;
        }

        var hosts = string.IsNullOrWhiteSpace(internalAddress)
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(HostOf).Distinct(StringComparer.OrdinalIgnoreCase)
            : [internalAddress.Contains(':', StringComparison.Ordinal) && !internalAddress.StartsWith('[') ? $"[{internalAddress}]" : internalAddress];
        return string.Join(';', new[] { urls }.Concat(hosts.Select(host => $"http://{host}:{extra}")));
    }

    // The host part of a URL as Kestrel reads it: "*", "+", a name, an address, or a bracketed IPv6 address.
    private static string HostOf(string url)
    {
        var afterScheme = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = afterScheme.StartsWith('[') ? afterScheme.IndexOf(']', StringComparison.Ordinal) + 1 : afterScheme.IndexOfAny([':', '/']);
        return end <= 0 ? afterScheme : afterScheme[..end];
    }
}
