using System.Text.Json;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Processing;

namespace ImgProcess.Grains.Webhooks;

/// <summary>
/// The body of a delivery: <c>{event: "image.done", id, status, original_name, image_url, format, width, height,
/// sha256, uploaded_at, processed_at, result: {name: value, ..., errors: {name: message}}}</c>, the results as the API
/// answers them.
/// </summary>
public static class WebhookPayload
{
    /// <summary>The UTF-8 JSON body for <paramref name="record"/>.</summary>
    public static byte[] Serialize(ImageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", "image.done");
            json.WriteString("id", record.Id);
            json.WriteString("status", record.Status.ToString().ToLowerInvariant());
            json.WriteString("original_name", record.OriginalName);
            json.WriteString("image_url", $"/images/view/{record.StoredName}");
            json.WriteString("format", record.Image.Format);
            json.WriteNumber("width", record.Image.Width);
            json.WriteNumber("height", record.Image.Height);
            json.WriteString("sha256", record.Image.Sha256);
            json.WriteString("uploaded_at", record.UploadedAt);
            if (record.ProcessedAt is { } processed)
            {
                json.WriteString("processed_at", processed);
            }

            json.WritePropertyName("result");
            ResultsJsonWriter.Write(json, record.Results, record.Errors);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
