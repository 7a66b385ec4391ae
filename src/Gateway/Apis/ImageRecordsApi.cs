using System.Globalization;
using ImgProcess.Gateway.Hosting;
using ImgProcess.Gateway.Security;
using ImgProcess.Grains.Content;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Reprocessing;
using ImgProcess.Grains.Similarity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Apis;

/// <summary>Calls on single images beyond the Flask contract: read, delete, reprocess, similar, and the backfill.</summary>
internal static class ImageRecordsApi
{
    private const int DefaultMaxDistance = 10;
    private const int DefaultSimilarLimit = 20;
    private const int MaxSimilarLimit = 100;

    public static IEndpointRouteBuilder MapImageRecordsApi(this IEndpointRouteBuilder routes)
    {
        var images = routes.MapGroup("/images").WithTags("Images");

        images.MapPost("/reprocess", StartBackfill)
            .WithName("StartReprocessAll")
            .WithSummary("Reprocess every image in the background with the current processors (admin); 202 with the progress.");
        images.MapGet("/reprocess", BackfillProgress)
            .WithName("GetReprocessAllProgress")
            .WithSummary("Progress of the background reprocessing: status, total, processed, failed.");
        images.MapGet("/{id}", GetImage)
            .WithName("GetImage")
            .WithSummary("The full record of one upload: status, results, errors, sizes, hash, timestamps, links.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        images.MapDelete("/{id}", DeleteImage)
            .WithName("DeleteImage")
            .WithSummary("Removes the record, the history entry and (unless another upload has the same bytes) the bytes and thumbnails. Idempotent: 204 either way. With API keys, only the uploading key or an admin key (403 otherwise).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        images.MapPost("/{id}/reprocess", ReprocessImage)
            .WithName("ReprocessImage")
            .WithSummary("Runs the current processors on the image again and answers the updated record. With API keys, only the uploading key or an admin key (403 otherwise).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        images.MapGet("/{id}/similar", SimilarImages)
            .WithName("SimilarImages")
            .WithSummary("Images like this one, nearest first: by=hash (default) those whose perceptual hash is within max_distance bits (default 10), each with its distance; by=look those that look most alike (cosine similarity of their visual embeddings), each with its similarity.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    public static async Task<Results<Ok<ImageDetail>, ProblemHttpResult>> GetImage(string id, IGrainFactory grains, HttpContext context, IOptions<AccessOptions> access, GrainCallDeadline deadline) =>
        await FindVisibleAsync(grains, id, context, access, deadline.Calls) is { } record ? TypedResults.Ok(new ImageDetail(record)) : Problems.NotFound(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteImage(string id, IGrainFactory grains, HttpContext context, GrainCallDeadline deadline)
    {
        if (ImagesApi.ImageIdPattern().IsMatch(id))
        {
            if (await FindAsync(grains, id, deadline.Calls) is { } record && !Caller.Of(context).MayChange(record))
            {
                return NotYours(id);
            }

            // Idempotent (a second delete finds nothing), so an outage in between may be retried once.
            await GrainCalls.RetryAsync(grains.GetGrain<IImageGrain>(id).Delete, deadline.Calls);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ImageDetail>, ProblemHttpResult>> ReprocessImage(string id, IGrainFactory grains, HttpContext context, GrainCallDeadline deadline)
    {
        var existing = await FindAsync(grains, id, deadline.Calls);
        if (existing is not null && !Caller.Of(context).MayChange(existing))
        {
            return NotYours(id);
        }

        var record = existing is null ? null : await grains.GetGrain<IImageGrain>(id).Reprocess(deadline.Upload);
        return record is null ? Problems.NotFound(id) : TypedResults.Ok(new ImageDetail(record));
    }

    public static async Task<Results<Ok<List<SimilarImage>>, ProblemHttpResult>> SimilarImages(string id, string? by, string? max_distance, string? limit, IGrainFactory grains, SimilarityIndex index, LookIndex looks, HttpContext context, IOptions<AccessOptions> access, GrainCallDeadline deadline)
    {
        if (!QueryNumbers.TryParse(max_distance, DefaultMaxDistance, 0, 64, out var maxDistance) || !QueryNumbers.TryParse(limit, DefaultSimilarLimit, 1, MaxSimilarLimit, out var take))
        {
            return Problems.BadRequest("Invalid query", $"max_distance must be a whole number from 0 to 64 and limit from 1 to {MaxSimilarLimit}.");
        }

        if (by is not (null or "" or "hash" or "look"))
        {
            return Problems.BadRequest("Invalid query", "by must be hash (perceptual hash, the default) or look (visual embedding).");
        }

        var record = await FindVisibleAsync(grains, id, context, access, deadline.Calls);
        if (record is null)
        {
            return Problems.NotFound(id);
        }

        List<(string Sha256, Func<ImageRecord, SimilarImage> Item)> near;
        if (by == "look")
        {
            var alike = await GrainCalls.RetryAsync(token => looks.FindLikeAsync(record.Image.Sha256, take + 1, token), deadline.Calls);
            if (alike is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No visual embedding", detail: "The image has no visual embedding yet (its deferred processors are still running, it failed, or the Visual Embedding processor is switched off).");
            }

            near = [.. alike.Select(a => (a.Sha256, (Func<ImageRecord, SimilarImage>)(r => SimilarImage.ByLook(r, a.Similarity))))];
        }
        else
        {
            if (record.SimilarityHash is not { } hash)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No perceptual hash", detail: "The image has no perceptual hash yet (pending, failed, or the processor is switched off).");
            }

            var found = await GrainCalls.RetryAsync(token => index.FindNearAsync(hash, maxDistance, take + 1, token), deadline.Calls);
            near = [.. found.Select(f => (f.Sha256, (Func<ImageRecord, SimilarImage>)(r => SimilarImage.ByHash(r, f.Distance))))];
        }

        var items = new List<SimilarImage>();
        var caller = Caller.Of(context);
        foreach (var (sha256, item) in near.TakeWhile(_ => items.Count < take))
        {
            var uploads = await UploadsOfAsync(grains, sha256, caller, access.Value, deadline.Calls);
            items.AddRange(uploads.Where(r => r.Id != record.Id).Take(take - items.Count).Select(item));
        }

        return TypedResults.Ok(items);
    }

    /// <summary>The visible uploads of a content, newest first (none when it was deleted since it was indexed).</summary>
    public static async Task<List<ImageRecord>> UploadsOfAsync(IGrainFactory grains, string sha256, Caller caller, AccessOptions access, CancellationToken deadline)
    {
        var references = await GrainCalls.RetryAsync(grains.GetGrain<IContentGrain>(sha256).References, deadline);
        var records = await Task.WhenAll(references.Select(r => GrainCalls.RetryAsync(grains.GetGrain<IImageGrain>(r).GetRecord, deadline)));
        return [.. records.OfType<ImageRecord>().Where(r => caller.MaySee(r, access.ProtectReads)).OrderByDescending(r => r.UploadedAt)];
    }

    public static async Task<Accepted<ReprocessProgress>> StartBackfill(IGrainFactory grains, GrainCallDeadline deadline) =>
        TypedResults.Accepted("/images/reprocess", await grains.GetGrain<IReprocessJobGrain>(0).Start(deadline.Calls));

    public static async Task<Ok<ReprocessProgress>> BackfillProgress(IGrainFactory grains, GrainCallDeadline deadline) =>
        TypedResults.Ok(await GrainCalls.RetryAsync(grains.GetGrain<IReprocessJobGrain>(0).Progress, deadline.Calls));

    private static async Task<ImageRecord?> FindAsync(IGrainFactory grains, string id, CancellationToken deadline) =>
        ImagesApi.ImageIdPattern().IsMatch(id) ? await GrainCalls.RetryAsync(grains.GetGrain<IImageGrain>(id).GetRecord, deadline) : null;

    // With reads scoped to owners, another key's upload is not found (its existence is not revealed either).
    private static async Task<ImageRecord?> FindVisibleAsync(IGrainFactory grains, string id, HttpContext context, IOptions<AccessOptions> access, CancellationToken deadline) =>
        await FindAsync(grains, id, deadline) is { } record && Caller.Of(context).MaySee(record, access.Value.ProtectReads) ? record : null;

    private static ProblemHttpResult NotYours(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your upload", detail: $"Image '{Problems.Truncate(id, 40)}' was uploaded with another API key; only that key or an admin key may change it.");
}
