using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Gateway.Hosting;

/// <summary>How the gateway meets the network in front of it. Bound from <c>ImgProcess:Http</c>.</summary>
internal sealed class HttpEdgeOptions
{
    public const string SectionName = "ImgProcess:Http";

    /// <summary>
    /// Addresses of reverse proxies (an Ingress controller, a load balancer) whose <c>X-Forwarded-For</c> /
    /// <c>X-Forwarded-Proto</c> are believed, so the rate limit, logs and metrics see the client. From any other
    /// sender the headers are ignored (and cannot spoof an address). Default: none.
    /// </summary>
    public IList<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose senders are trusted proxies, like <see cref="KnownProxies"/>.</summary>
    public IList<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies in front of the gateway append to <c>X-Forwarded-For</c> (default 1: an ingress controller or
    /// a load balancer). The header is read from the right, one entry per trusted proxy, at most this many: an entry
    /// further left was written by the client itself, even when the address to its right is in a trusted network.
    /// </summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    /// <summary>
    /// A second port for what only operators and the platform need: <c>/metrics</c>, <c>/health/*</c> and
    /// <c>/dashboard</c> are then served on it alone, and the main port carries the API and the web page.
    /// Default: unset, everything on the main port (one machine).
    /// </summary>
    [Range(1, 65535)]
    public int? InternalPort { get; set; }

    /// <summary>
    /// The address the <see cref="InternalPort"/> listens on. Default: the addresses of the main URLs (all interfaces
    /// when none are configured, loopback when <c>--urls</c> names loopback).
    /// </summary>
    public string? InternalAddress { get; set; }
}
