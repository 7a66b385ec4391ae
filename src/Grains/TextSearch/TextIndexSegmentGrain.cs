using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Indexing;

namespace ImgProcess.Grains.TextSearch;

/// <summary>One persisted segment of a text index shard.</summary>
public sealed class TextIndexSegmentGrain([PersistentState("text-index-segment", StorageNames.Grains)] IPersistentState<IndexSegmentState<TextIndexEntry>> state)
    : IndexSegmentGrain<TextIndexEntry>(state)
{
    /// <inheritdoc />
    protected override int Capacity => TextIndexGrain.ContentsPerSegment;
}
