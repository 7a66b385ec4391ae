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
}
