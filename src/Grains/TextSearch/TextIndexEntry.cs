namespace ImgProcess.Grains.TextSearch;

/// <summary>One content's words in the text index (<see cref="SearchWords"/>).</summary>
/// <param name="Sha256">The content hash.</param>
/// <param name="Words">Its distinct words; empty when its text has none any more.</param>
[GenerateSerializer, Immutable]
public sealed record TextIndexEntry([property: Id(0)] string Sha256, [property: Id(1)] string[] Words);
