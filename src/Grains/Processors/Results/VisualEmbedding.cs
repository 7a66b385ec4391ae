namespace ImgProcess.Grains.Processors.Results;

/// <summary>An image's place among images: a unit vector whose dot product with another's is their cosine similarity.</summary>
/// <param name="Model">The network that made it.</param>
/// <param name="Dimensions">The vector's length.</param>
/// <param name="Vector">The L2-normalised vector, components rounded to five decimals.</param>
public sealed record VisualEmbedding(string Model, int Dimensions, IReadOnlyList<double> Vector);
