using Microsoft.AspNetCore.Http.HttpResults;

namespace ImgProcess.Gateway.Apis;

/// <summary>Errors of the calls beyond the Flask contract: <c>application/problem+json</c>.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Image not found", detail: $"No image has the id '{Truncate(id, 100)}'.");

    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    /// <summary>Client-supplied text echoed in an error, cut to a length that cannot bloat the answer.</summary>
    public static string Truncate(string value, int length) => value.Length <= length ? value : string.Concat(value.AsSpan(0, length), "…");
}
