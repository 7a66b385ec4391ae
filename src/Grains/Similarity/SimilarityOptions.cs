using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Similarity;

/// <summary>The perceptual-hash index's shards. Bound from <c>ImgProcess:Similarity</c>; the same on every silo and gateway.</summary>
public sealed class SimilarityOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Similarity";

    /// <summary>
    /// How many shards hold the hashes (default 16): a query asks all of them at once, each scans only its own.
    /// It may be raised later, never lowered (hashes in the shards left out would no longer be found).
    /// </summary>
    [Range(1, SimilarityIndexLayout.MaxShards)]
    public int Shards { get; set; } = 16;
}
