using ImgProcess.Grains.Processors.Results;
using ImgProcess.Grains.Vision;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// A 512-number description of what the image looks like (ResNet18's pooled ImageNet features, L2-normalised): crops,
/// rotations and colour changes of one photograph stay close where the perceptual hash no longer does. Deferred; the
/// vector goes to the look-alike index (<c>GET /images/{id}/similar?by=look</c>).
/// </summary>
public sealed class VisualEmbeddingProcessor(ResNetModels model) : IImageProcessor
{
    /// <summary>The display name.</summary>
    public const string DisplayName = "Visual Embedding";

    /// <inheritdoc />
    public string Name => DisplayName;

    /// <inheritdoc />
    public string Description => "ResNet18 (ImageNet) features of the upright image as a unit vector of 512 numbers: a high dot product (cosine similarity) means images that look alike.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.AnalysisImage;

    /// <inheritdoc />
    public ProcessorRuns Runs => ProcessorRuns.Deferred;

    /// <inheritdoc />
    public string? Unavailable => model.Missing;

    /// <inheritdoc />
    public async ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var vector = await Task.Run(() => model.Embed(input.AnalysisImage, input.Header.HasAlpha, cancellationToken), cancellationToken);
        return new ProcessorResult(new VisualEmbedding("resnet18-imagenet", vector.Length, [.. vector.Select(v => Math.Round(v, 5))]))
        {
            LookVector = vector,
        };
    }
}
