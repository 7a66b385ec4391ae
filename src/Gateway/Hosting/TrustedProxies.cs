using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// Forwarded headers (<c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>) believed only from the configured proxies and
/// networks. ASP.NET Core trusts loopback by default; here nothing is trusted unless configured, so a client that
/// sends the header itself cannot choose the address its rate limit and log lines are counted under.
/// </summary>
internal static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, HttpEdgeOptions edge) =>
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();

            // Read from the right, one entry per trusted hop, to the first untrusted one and never past the number of
            // proxies there are: what lies further left the client wrote.
            options.ForwardLimit = edge.ForwardLimit;
            foreach (var proxy in edge.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }

            foreach (var network in edge.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    options.KnownIPNetworks.Add(parsed);
                }
            }
        });
}

/// <summary>Refuses to start on a proxy address or network that does not parse (it would silently trust no one).</summary>
internal sealed class HttpEdgeOptionsValidator : IValidateOptions<HttpEdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpEdgeOptions options)
    {
        var bad = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"KnownProxies '{p}' is not an IP address")
            .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)).Select(n => $"KnownNetworks '{n}' is not a CIDR network (e.g. 10.0.0.0/8)"))
            .Concat(options.InternalAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _) ? [$"InternalAddress '{address}' is not an IP address"] : [])
            .Select(message => $"{HttpEdgeOptions.SectionName}:{message}")
            .ToList();
        return bad.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(bad);
    }
}
