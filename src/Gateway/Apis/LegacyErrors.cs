using Microsoft.AspNetCore.Http.HttpResults;

namespace ImgProcess.Gateway.Apis;

/// <summary>The Flask service's error body, <c>{"error": ..., "details": ...}</c>, kept for the calls it defined.</summary>
internal sealed record LegacyError(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("details")] string Details);

/// <summary>Answers in the legacy error shape.</summary>
internal static class LegacyErrors
{
    public static JsonHttpResult<LegacyError> Result(int statusCode, string error, string details) =>
        TypedResults.Json(new LegacyError(error, details), GatewayJson.Options, statusCode: statusCode);
}
