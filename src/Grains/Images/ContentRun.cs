using ImgProcess.Grains.Content;
using ImgProcess.Grains.Processing;

namespace ImgProcess.Grains.Images;

/// <summary>
/// What processing gave one upload: the content's stored results, or the processors' new outcomes that
/// <see cref="ResultsAsync"/> stores. The split lets the image grain append the upload's history entry while the
/// content writes new results (<see cref="ContentProcessing.RunAsync"/>).
/// </summary>
internal sealed class ContentRun
{
    private readonly IContentGrain content;
    private readonly string imageId;
    private readonly bool reindex;
    private readonly List<ProcessorOutcome> outcomes;

    private ContentRun(IContentGrain content, string imageId, ContentResults? stored, List<ProcessorOutcome> outcomes, bool reindex)
    {
        this.content = content;
        this.imageId = imageId;
        Stored = stored;
        this.outcomes = outcomes;
        this.reindex = reindex;
    }

    /// <summary>The results the content had stored; null when the processors ran.</summary>
    public ContentResults? Stored { get; }

    /// <summary>True when the image's own pixels could not be decoded (such an upload is refused, never listed).</summary>
    public bool Unreadable => Stored?.Unreadable ?? outcomes.Any(o => o.ImageUnreadable);

    /// <summary>The hash the results give the similarity index, the same before and after they are stored.</summary>
    public ulong? SimilarityHash => Stored is not null ? Stored.SimilarityHash : ProcessorOutcome.SimilarityHashOf(outcomes);

    public static ContentRun FromStore(IContentGrain content, string imageId, ContentResults stored) => new(content, imageId, stored, [], reindex: false);

    public static ContentRun New(IContentGrain content, string imageId, List<ProcessorOutcome> outcomes, bool reindex) => new(content, imageId, null, outcomes, reindex);

    /// <summary>The stored results, or the new ones once the content has them durably (with the upload's reference).</summary>
    public Task<ContentResults> ResultsAsync() => Stored is { } stored ? Task.FromResult(stored) : content.Store(imageId, outcomes, reindex);
}
