using System.Net;

namespace ImgProcess.Gateway.Tests;

public sealed class DashboardDefaultTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/index.min.js")]
    public async Task The_orleans_dashboard_is_off_unless_enabled(string path)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client.GetAsync(path)).StatusCode);
    }
}
