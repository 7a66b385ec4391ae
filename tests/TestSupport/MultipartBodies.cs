using System.Net.Http.Headers;

namespace ImgProcess.Tests;

internal static class MultipartBodies
{
    public static MultipartFormDataContent Image(byte[] bytes, string fileName, string field = "image", string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { content, field, fileName } };
    }

    /// <summary>A POST of <paramref name="bytes"/> to /images with extra headers (an API key, a forwarded address).</summary>
    public static HttpRequestMessage Upload(byte[] bytes, string fileName, params (string Name, string? Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/images") { Content = Image(bytes, fileName) };
        foreach (var (name, value) in headers)
        {
            if (value is not null)
            {
                request.Headers.Add(name, value);
            }
        }

        return request;
    }
}
