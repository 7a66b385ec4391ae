using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace ImgProcess.Grains.Hosting;

/// <summary>Settings of the Orleans Dashboard. Bound from <c>ImgProcess:Dashboard</c>.</summary>
public sealed class ImgProcessDashboardOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Dashboard";

    /// <summary>
    /// Off by default: the dashboard shows topology, grain keys and runtime details and has no authentication of
    /// its own. Enable it on every silo and on the gateway that serves it, behind a private network path.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Where the gateway serves it.</summary>
    public string Path { get; set; } = "/dashboard";

    /// <summary>Hide the live log stream (log lines can carry file names and ids).</summary>
    public bool HideTrace { get; set; } = true;

    /// <summary>The dashboard options in <paramref name="configuration"/>.</summary>
    public static ImgProcessDashboardOptions From(IConfiguration configuration) =>
        configuration.GetValidated<ImgProcessDashboardOptions>(SectionName);
}

/// <summary>The Orleans Dashboard, collected on silos and served by the gateway, when enabled.</summary>
public static class DashboardHosting
{
    /// <summary>Silo side: collects what the dashboard shows.</summary>
    public static ISiloBuilder AddImgProcessDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = ImgProcessDashboardOptions.From(configuration);
        return options.Enabled ? silo.AddDashboard(dashboard => dashboard.HideTrace = options.HideTrace) : silo;
    }

    /// <summary>Client side (a gateway in cluster mode): serves the dashboard from the silos' data.</summary>
    public static IClientBuilder AddImgProcessDashboard(this IClientBuilder client, IConfiguration configuration)
    {
        var options = ImgProcessDashboardOptions.From(configuration);
        return options.Enabled ? client.AddDashboard(dashboard => dashboard.HideTrace = options.HideTrace) : client;
    }

    /// <summary>Maps the dashboard at its path when enabled.</summary>
    public static IEndpointRouteBuilder MapImgProcessDashboard(this IEndpointRouteBuilder routes, IConfiguration configuration)
    {
        var options = ImgProcessDashboardOptions.From(configuration);
        if (options.Enabled)
        {
            routes.MapOrleansDashboard(options.Path);
        }

        return routes;
    }
}
