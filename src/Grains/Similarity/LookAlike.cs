namespace ImgProcess.Grains.Similarity;

/// <summary>A content found by what it looks like.</summary>
/// <param name="Sha256">The content hash.</param>
/// <param name="Similarity">Cosine similarity of the embeddings (1 = the same).</param>
[GenerateSerializer, Immutable]
public sealed record LookAlike([property: Id(0)] string Sha256, [property: Id(1)] double Similarity);
