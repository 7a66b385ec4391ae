namespace ImgProcess.Grains.Similarity;

/// <summary>The perceptual-hash index: one in-memory index grain over append-only persisted segments.</summary>
public static class SimilarityIndexLayout
{
    /// <summary>The key of the index grain.</summary>
    public const long IndexKey = 0;

    /// <summary>Entries per persisted segment.</summary>
    public const int SegmentSize = 1024;
}
