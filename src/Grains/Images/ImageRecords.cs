using ImgProcess.Grains.Content;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Processors;

namespace ImgProcess.Grains.Images;

/// <summary>How an upload's record is composed from its stored facts and its content's results.</summary>
internal static class ImageRecords
{
    /// <summary>
    /// The record of upload <paramref name="id"/> with <paramref name="results"/>; without them (pending, or a content
    /// with none: a record from before results lived there), with the copy the record kept.
    /// </summary>
    public static ImageRecord Compose(string id, ImageState s, ContentResults? results, IReadOnlyList<string>? deferredProcessors = null) => new(
        id,
        s.OriginalName,
        s.StoredName,
        s.ContentType,
        s.Image!,
        s.UploadedAt,
        s.Status,
        new Dictionary<string, string>(results?.Results ?? s.Results),
        new Dictionary<string, string>(results?.Errors ?? s.Errors),
        s.ProcessedAt,
        new HistoryPosition(s.HistoryPartition, s.HistorySequence, s.HistorySequence < 0 ? 0 : s.HistoryKey != 0 ? s.HistoryKey : HistoryLayout.LegacyKey(s.HistorySequence)),
        results?.ProcessedOn ?? s.ProcessedOn)
    {
        Deduplicated = s.Deduplicated,
        Owner = s.Owner,
        DeferredProcessors = deferredProcessors ?? [],
        DeferredPending = [.. s.DeferredPending],

        // Records from before results lived with the content carry the hash themselves, the oldest only in the
        // perceptual hash's JSON.
        SimilarityHash = results is not null ? results.SimilarityHash : s.SimilarityHash
            ?? (PerceptualHashProcessor.TryReadResult(s.Results.GetValueOrDefault(PerceptualHashProcessor.DisplayName), out var hash) ? hash : null),
    };
}
