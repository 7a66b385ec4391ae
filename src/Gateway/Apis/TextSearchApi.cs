using System.Globalization;
using ImgProcess.Gateway.Hosting;
using ImgProcess.Gateway.Security;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.TextSearch;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImgProcess.Gateway.Apis;

/// <summary><c>GET /images?text=words</c>: the uploads whose text has every word, newest first, paged like the history.</summary>
internal static class TextSearchApi
{
    private const int ConcurrentReads = 16;

    public static async Task<Results<Ok<List<HistoryItem>>, JsonHttpResult<LegacyError>>> ListMatchingAsync(
        string text, int pageNumber, int pageSize, string? before, IGrainFactory grains, TextIndex texts, AccessOptions access, HttpResponse response, GrainCallDeadline deadline)
    {
        if (SearchWords.Of(text).Count == 0)
        {
            return LegacyErrors.Result(400, "Invalid search", "text must contain at least one word (letters or digits).");
        }

        // The matching contents' uploads, newest first: a search reads at most TextIndex.MaxMatches contents, a few at a
        // time, so one request cannot flood the silos.
        var contents = await GrainCalls.RetryAsync(token => texts.FindAsync(text, token), deadline.Calls);
        var caller = Caller.Of(response.HttpContext);
        var found = new System.Collections.Concurrent.ConcurrentBag<ImageRecord>();
        await Parallel.ForEachAsync(contents, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentReads, CancellationToken = deadline.Calls }, async (sha256, _) =>
        {
            foreach (var record in await ImageRecordsApi.UploadsOfAsync(grains, sha256, caller, access, deadline.Calls))
            {
                found.Add(record);
            }
        });
        var uploads = found
            .DistinctBy(r => r.Id)
            .OrderByDescending(r => r.UploadedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToList();

        IEnumerable<ImageRecord> rest = uploads;
        if (!string.IsNullOrEmpty(before))
        {
            var at = uploads.FindIndex(r => r.Id == before);
            if (at < 0)
            {
                return LegacyErrors.Result(400, "Invalid cursor", "before must be the id of an image in these results (the id of the last item of the previous page).");
            }

            rest = uploads.Skip(at + 1);
        }
        else
        {
            rest = uploads.Skip((int)Math.Min(int.MaxValue, (pageNumber - 1L) * pageSize));
        }

        var page = rest.Take(pageSize + 1).ToList();
        var items = page.Take(pageSize).Select(r => new HistoryItem(r)).ToList();
        var words = Uri.EscapeDataString(text);
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1].Id;
            var next = string.IsNullOrEmpty(before) ? $"/images?text={words}&page={pageNumber + 1}&count={pageSize}" : $"/images?text={words}&before={last}&count={pageSize}";
            response.Headers.Append("Link", $"<{next}>; rel=\"next\", </images?text={words}&before={last}&count={pageSize}>; rel=\"next-cursor\"");
        }

        response.Headers.Append("X-Total-Count", uploads.Count.ToString(CultureInfo.InvariantCulture));
        return TypedResults.Ok(items);
    }
}
