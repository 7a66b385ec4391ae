using System.Text.Json.Nodes;
using ImgProcess.Grains.Images;

namespace ImgProcess.Gateway.Apis;

/// <summary>Turns image records into the JSON the Flask service answered, plus our own fields.</summary>
internal static class ImageJson
{
    public static string ViewUrl(ImageRecord record) => $"/images/view/{record.StoredName}";

    /// <summary><c>{"&lt;Processor&gt;": value, ..., "errors": {"&lt;Processor&gt;": "message"}}</c>.</summary>
    public static JsonObject Results(ImageRecord record)
    {
        var results = new JsonObject();
        foreach (var (name, json) in record.Results)
        {
            results[name] = JsonNode.Parse(json);
        }

        var errors = new JsonObject();
        foreach (var (name, message) in record.Errors)
        {
            errors[name] = message;
        }

        results["errors"] = errors;
        return results;
    }

    /// <summary>The answer to <c>POST /images</c>: <c>{image, image_url, result, ...}</c>.</summary>
    public static JsonObject Upload(ImageRecord record)
    {
        var body = new JsonObject
        {
            ["image"] = record.StoredName,
            ["image_url"] = ViewUrl(record),
            ["result"] = Results(record),
        };
        AddDetails(body, record);
        return body;
    }

    /// <summary>The full record, for <c>GET /images/{id}</c> and the answers of reprocess and asynchronous uploads.</summary>
    public static JsonObject Detail(ImageRecord record)
    {
        var body = new JsonObject
        {
            ["id"] = record.Id,
            ["image"] = record.StoredName,
            ["image_url"] = ViewUrl(record),
            ["result"] = Results(record),
        };
        AddDetails(body, record);
        body["deduplicated"] = record.Deduplicated;
        body["links"] = new JsonObject
        {
            ["self"] = $"/images/{record.Id}",
            ["view"] = ViewUrl(record),
            ["similar"] = $"/images/{record.Id}/similar",
            ["reprocess"] = $"/images/{record.Id}/reprocess",
        };
        return body;
    }

    /// <summary>One item of <c>GET /images</c>: <c>{image_name, image_url, results, uploaded_at, ...}</c>.</summary>
    public static JsonObject HistoryItem(ImageRecord record)
    {
        var body = new JsonObject
        {
            ["image_name"] = record.StoredName,
            ["image_url"] = ViewUrl(record),
            ["results"] = Results(record),
            ["uploaded_at"] = GatewayJson.Timestamp(record.UploadedAt),
        };
        AddDetails(body, record);
        return body;
    }

    private static void AddDetails(JsonObject body, ImageRecord record)
    {
        body["id"] = record.Id;
        body["original_name"] = record.OriginalName;
        body["status"] = record.Status.ToString().ToLowerInvariant();
        body["content_type"] = record.ContentType;
        body["format"] = record.Image.Format;
        body["width"] = record.Image.Width;
        body["height"] = record.Image.Height;
        body["size_bytes"] = record.Image.ByteSize;
        body["sha256"] = record.Image.Sha256;
        body.TryAdd("uploaded_at", GatewayJson.Timestamp(record.UploadedAt));
        if (record.ProcessedAt is { } processed)
        {
            body["processed_at"] = GatewayJson.Timestamp(processed);
        }

        if (record.ProcessedOn is { } silo)
        {
            body["processed_on"] = silo;
        }
    }
}
