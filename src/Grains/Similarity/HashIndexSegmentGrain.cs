using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Indexing;

namespace ImgProcess.Grains.Similarity;

/// <summary>Persists one segment of the perceptual-hash index (its class, state name and state type are those of earlier versions, so their data reads as before).</summary>
public sealed class HashIndexSegmentGrain(
    [PersistentState("hash-index-segment", StorageNames.Grains)] IPersistentState<HashIndexSegmentState> state)
    : IndexSegmentGrain<HashIndexEntry, HashIndexSegmentState>(state), IHashIndexSegmentGrain;
