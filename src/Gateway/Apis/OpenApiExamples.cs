using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ImgProcess.Gateway.Apis;

/// <summary>
/// Example answers in the OpenAPI document, by operation id, so the API reference shows real shapes: handlers return
/// JSON built at run time, which the document cannot infer.
/// </summary>
internal static class OpenApiExamples
{
    private const string Record = """
        {"id":"019acbd1a2b34c5d8e9f0a1b2c3d4e5f","image":"019acbd1a2b34c5d8e9f0a1b2c3d4e5f.jpg","image_url":"/images/view/019acbd1a2b34c5d8e9f0a1b2c3d4e5f.jpg",
         "result":{"Average Pixel Value":19.15,"Format and Dimensions":{"format":"JPEG","mime_type":"image/jpeg","width":1000,"height":872,"frame_count":1,"bits_per_pixel":24,"has_alpha":false},
                   "Perceptual Hash":"84cc4b9eba4d133e","Sharpness":{"laplacian_variance":1034.4,"blurry":false},
                   "Thumbnail":{"url":"/images/thumbnails/3a19…-thumb256.jpg","width":256,"height":223,"format":"JPEG","size_bytes":30643},"errors":{}},
         "original_name":"photo.jpg","status":"done","content_type":"image/jpeg","format":"JPEG","width":1000,"height":872,"size_bytes":527940,
         "sha256":"3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4","uploaded_at":"2026-11-29T00:38:53.614441Z","processed_at":"2026-11-29T00:38:54.298784Z",
         "processed_on":"S10.0.0.5:11111:154918814","deduplicated":false,
         "links":{"self":"/images/019acbd1a2b34c5d8e9f0a1b2c3d4e5f","view":"/images/view/019acbd1a2b34c5d8e9f0a1b2c3d4e5f.jpg","similar":"/images/019acbd1a2b34c5d8e9f0a1b2c3d4e5f/similar","reprocess":"/images/019acbd1a2b34c5d8e9f0a1b2c3d4e5f/reprocess"}}
        """;

    private const string NotFound = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Image not found","status":404,"detail":"No image has the id '0123…'."}""";

    private static readonly Dictionary<string, (string Status, string ContentType, string Example)[]> ByOperation = new()
    {
        ["ListImages"] = [("200", "application/json", $"[{Record}]"), ("400", "application/json", """{"error":"Invalid paging","details":"page and count must be positive whole numbers."}""")],
        ["UploadImage"] = [
            ("200", "application/json", Record),
            ("202", "application/json", Record.Replace("\"status\":\"done\"", "\"status\":\"pending\"", StringComparison.Ordinal)),
            ("400", "application/json", """{"error":"No image part","details":"The request has no file in the field 'image'."}"""),
            ("413", "application/json", """{"error":"File too large","details":"The file is larger than the limit of 52428800 bytes (MaxUploadBytes)."}"""),
            ("415", "application/json", """{"error":"Unsupported image format","details":"SVG images are not accepted; accepted formats: PNG, JPEG, GIF, BMP, TIFF, WEBP."}""")],
        ["GetImage"] = [("200", "application/json", Record), ("404", "application/problem+json", NotFound)],
        ["DeleteImage"] = [("204", "", "")],
        ["ReprocessImage"] = [("200", "application/json", Record), ("404", "application/problem+json", NotFound)],
        ["SimilarImages"] = [
            ("200", "application/json", """[{"image_name":"019acbd2….jpg","image_url":"/images/view/019acbd2….jpg","results":{},"uploaded_at":"2026-11-29T00:40:00.000000Z","id":"019acbd2…","distance":3}]"""),
            ("404", "application/problem+json", NotFound)],
        ["StartReprocessAll"] = [("202", "application/json", """{"status":"running","total":1200,"processed":0,"failed":0,"started_at":"2026-11-29T01:00:00+00:00"}""")],
        ["GetReprocessAllProgress"] = [("200", "application/json", """{"status":"completed","total":1200,"processed":1199,"failed":1,"started_at":"2026-11-29T01:00:00+00:00","finished_at":"2026-11-29T01:02:10+00:00"}""")],
        ["ListProcessors"] = [("200", "application/json", """[{"name":"Average Pixel Value","description":"Mean of all channel values over all pixels (0-255)...","version":"1","needs":"FullImage"}]""")],
        ["GetLimits"] = [("200", "application/json", """{"max_upload_bytes":52428800,"max_pixels_per_image":50000000,"max_pixels_per_side":20000,"max_frames":500,"allowed_formats":["PNG","JPEG","GIF","BMP","TIFF","WEBP"],"uploads_per_client_per_minute":600}""")],
    };

    public static OpenApiOptions AddImgProcessExamples(this OpenApiOptions options)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            var id = operation.OperationId;
            if (id is null || !ByOperation.TryGetValue(id, out var examples))
            {
                return Task.CompletedTask;
            }

            operation.Responses ??= new OpenApiResponses();
            foreach (var (status, contentType, example) in examples)
            {
                var response = new OpenApiResponse { Description = Describe(status) };
                if (contentType.Length > 0)
                {
                    response.Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new OpenApiMediaType { Example = JsonNode.Parse(example) } };
                }

                operation.Responses[status] = response;
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static string Describe(string status) => status switch
    {
        "200" => "OK",
        "202" => "Accepted; see Location",
        "204" => "Done (also when there was nothing to delete)",
        "400" => "Bad request",
        "404" => "Not found",
        "413" => "Over a size limit",
        "415" => "A format that is not accepted",
        _ => status,
    };
}
