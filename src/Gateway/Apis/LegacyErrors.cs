namespace ImgProcess.Gateway.Apis;

/// <summary>The Flask service's error body, <c>{"error": ..., "details": ...}</c>, kept for the calls it defined.</summary>
internal sealed record LegacyError(string Error, string Details);

/// <summary>Answers in the legacy error shape.</summary>
internal static class LegacyErrors
{
    public static IResult Result(int statusCode, string error, string details) =>
        TypedResults.Json(new LegacyError(error, details), GatewayJson.Options, statusCode: statusCode);
}
