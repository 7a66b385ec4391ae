using System.Text.Json.Nodes;

namespace ImgProcess.Gateway.Tests;

public sealed class OpenApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private async Task<JsonNode> DocumentAsync() => JsonNode.Parse(await gateway.Client.GetStringAsync("/openapi/v1.json"))!;

    [Theory]
    [InlineData("/images/{id}", "get", "200")]
    [InlineData("/images/{id}", "get", "404")]
    [InlineData("/images/{id}", "delete", "204")]
    [InlineData("/images/{id}/reprocess", "post", "200")]
    [InlineData("/images/{id}/similar", "get", "200")]
    [InlineData("/images/reprocess", "post", "202")]
    [InlineData("/images/reprocess", "get", "200")]
    [InlineData("/images", "post", "200")]
    [InlineData("/images", "post", "202")]
    [InlineData("/images", "post", "413")]
    [InlineData("/images", "get", "200")]
    [InlineData("/images", "get", "400")]
    [InlineData("/processors", "get", "200")]
    [InlineData("/limits", "get", "200")]
    public async Task Every_endpoint_documents_its_answers_with_schemas_inferred_from_the_handlers(string path, string method, string status)
    {
        var operation = (await DocumentAsync())["paths"]![path]![method]!;

        Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
        var response = operation["responses"]![status];
        Assert.NotNull(response);
        if (status != "204")
        {
            Assert.NotNull(response["content"]!.AsObject().Single().Value!["schema"]);
        }
    }

    [Theory]
    [InlineData("UploadAnswer", "image", "image_url", "result", "size_bytes", "uploaded_at")]
    [InlineData("HistoryItem", "image_name", "image_url", "results", "uploaded_at", "sha256")]
    [InlineData("ImageDetail", "id", "result", "deduplicated", "links")]
    [InlineData("LegacyError", "error", "details")]
    [InlineData("LimitsAnswer", "max_upload_bytes", "allowed_formats", "uploads_per_client_per_minute")]
    public async Task The_schemas_carry_the_wire_names(string schema, params string[] properties)
    {
        var described = (await DocumentAsync())["components"]!["schemas"]![schema]!["properties"]!.AsObject();

        Assert.All(properties, property => Assert.True(described.ContainsKey(property), $"{schema} lacks {property}: {string.Join(", ", described.Select(p => p.Key))}"));
    }

    [Theory]
    [InlineData("/images", "post", "200")]
    [InlineData("/images/{id}", "get", "200")]
    [InlineData("/images", "post", "415")]
    public async Task Processor_results_and_the_Flask_error_wording_are_shown_by_example(string path, string method, string status)
    {
        var media = (await DocumentAsync())["paths"]![path]![method]!["responses"]![status]!["content"]!.AsObject().Single().Value!;

        Assert.NotNull(media["example"]);
    }
}
