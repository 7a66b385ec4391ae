using System.Text.Json.Nodes;

namespace ImgProcess.Gateway.Tests;

public sealed class OpenApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/images/{id}", "get", "200")]
    [InlineData("/images/{id}", "delete", "204")]
    [InlineData("/images/{id}/reprocess", "post", "200")]
    [InlineData("/images/{id}/similar", "get", "200")]
    [InlineData("/images/reprocess", "post", "202")]
    [InlineData("/images/reprocess", "get", "200")]
    [InlineData("/images", "post", "202")]
    [InlineData("/images", "get", "200")]
    [InlineData("/processors", "get", "200")]
    [InlineData("/limits", "get", "200")]
    public async Task Every_endpoint_is_documented_with_an_example_answer(string path, string method, string status)
    {
        var document = JsonNode.Parse(await gateway.Client.GetStringAsync("/openapi/v1.json"))!;

        var operation = document["paths"]![path]![method]!;
        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
        var response = operation["responses"]![status]!;
        if (status != "204")
        {
            var content = response["content"]!.AsObject().Single().Value!;
            Assert.NotNull(content["example"]);
        }
    }
}
