namespace ImgProcess.Grains.Similarity;

/// <summary>One indexed content: its SHA-256 and its 64-bit perceptual hash.</summary>
/// <param name="Sha256">The content hash.</param>
/// <param name="Hash">The perceptual hash.</param>
[GenerateSerializer, Immutable]
public sealed record HashIndexEntry([property: Id(0)] string Sha256, [property: Id(1)] ulong Hash);
