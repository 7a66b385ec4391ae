using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Indexing;

namespace ImgProcess.Grains.Similarity;

/// <summary>One persisted segment of a look-alike index shard.</summary>
public sealed class LookIndexSegmentGrain([PersistentState("look-index-segment", StorageNames.Grains)] IPersistentState<IndexSegmentState<LookIndexEntry>> state)
    : IndexSegmentGrain<LookIndexEntry>(state)
{
    /// <inheritdoc />
    protected override int Capacity => LookIndexGrain.VectorsPerSegment;
}
