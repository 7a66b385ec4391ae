namespace ImgProcess.Grains.Similarity;

/// <summary>A content found near a perceptual hash.</summary>
/// <param name="Sha256">The content hash.</param>
/// <param name="Distance">Hamming distance to the query hash (0–64).</param>
[GenerateSerializer, Immutable]
public sealed record SimilarContent([property: Id(0)] string Sha256, [property: Id(1)] int Distance);
