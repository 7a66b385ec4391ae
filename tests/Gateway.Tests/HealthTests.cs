using System.Net;
using System.Text.Json.Nodes;

namespace ImgProcess.Gateway.Tests;

public sealed class HealthTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Live_answers_without_checks_and_ready_checks_cluster_and_database()
    {
        var live = await gateway.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Empty(JsonNode.Parse(await live.Content.ReadAsStringAsync())!["checks"]!.AsObject());

        var ready = await gateway.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["cluster"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
    }
}
