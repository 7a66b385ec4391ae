using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ImgProcess.Gateway.Apis;

/// <summary>
/// Examples where the inferred schema cannot show the shape: the processors' results (each processor's value is its
/// own), and the Flask service's error wording. Everything else in the document is inferred from the handlers' typed
/// results; an example is added to the response the handler declares, by operation id.
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

    private static readonly Dictionary<string, (string Status, string Example)[]> ByOperation = new()
    {
        ["ListImages"] = [("200", $"[{Record}]"), ("400", """{"error":"Invalid paging","details":"page and count must be positive whole numbers."}""")],
        ["UploadImage"] = [
            ("200", Record),
            ("202", Record.Replace("\"status\":\"done\"", "\"status\":\"pending\"", StringComparison.Ordinal)),
            ("400", """{"error":"No image part","details":"The request has no file in the field 'image'."}"""),
            ("413", """{"error":"File too large","details":"The file is larger than the limit of 52428800 bytes (MaxUploadBytes)."}"""),
            ("415", """{"error":"Unsupported image format","details":"SVG images are not accepted; accepted formats: PNG, JPEG, GIF, BMP, TIFF, WEBP."}""")],
        ["GetImage"] = [("200", Record)],
        ["ReprocessImage"] = [("200", Record)],
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

            foreach (var (status, example) in examples)
            {
                if (operation.Responses?.GetValueOrDefault(status)?.Content is { } content)
                {
                    foreach (var media in content.Values.OfType<OpenApiMediaType>())
                    {
                        media.Example = JsonNode.Parse(example);
                    }
                }
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
