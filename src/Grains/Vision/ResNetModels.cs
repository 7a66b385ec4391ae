using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Vision;

/// <summary>
/// The ImageNet ResNet18 of ML.NET's DnnImageFeaturizer package as an image embedder: the upright image squeezed to
/// 224×224 (all of it, nothing cropped), in the network's BGR order minus the package's own mean image (read once from
/// its preprocessing graph), through the network to its 512 pooled features, L2-normalised so a dot product is the
/// cosine similarity.
/// </summary>
public sealed class ResNetModels : IDisposable
{
    /// <summary>The network's input side.</summary>
    public const int Side = 224;

    private readonly OnnxModel preprocessing;
    private readonly Lazy<float[]> meanImage;

    /// <summary>Finds the models under <see cref="ModelOptions.EffectiveDirectory"/>/resnet18.</summary>
    public ResNetModels(IOptions<ModelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.Combine(options.Value.EffectiveDirectory, "resnet18");
        // Not optimised: the rewritten graph runs 12 % faster but holds 270 MB instead of 105 (measured, docs/vision.md).
        Network = new OnnxModel(Path.Combine(directory, "ResNet18.onnx"), options.Value.EffectiveInferenceThreads, optimise: false);
        preprocessing = new OnnxModel(Path.Combine(directory, "ResNetPreprocess.onnx"), 1);
        Missing = Network.Missing ?? preprocessing.Missing;
        meanImage = new Lazy<float[]>(ReadMeanImage, LazyThreadSafetyMode.PublicationOnly); // a failed read is tried again
    }

    /// <summary>The network.</summary>
    public OnnxModel Network { get; }

    /// <summary>Why the model cannot be used, or null when it is there.</summary>
    public string? Missing { get; }

    /// <summary>
    /// The network's input for <paramref name="image"/> as it is shown (its EXIF orientation applied): squeezed to
    /// 224×224 first, so only that copy is turned.
    /// </summary>
    public DenseTensor<float> Input(Image<Rgba32> image, bool hasAlpha) => BgrPlanes.Of(image, hasAlpha, Side, Side, [1, 1, 1], [0, 0, 0], meanImage.Value);

    /// <summary>The L2-normalised embedding of <paramref name="image"/> as it is shown (its EXIF orientation applied).</summary>
    public float[] Embed(Image<Rgba32> image, bool hasAlpha, CancellationToken cancellationToken = default)
    {
        var input = Input(image, hasAlpha);
        using var results = Network.Session.Run(input, cancellationToken);
        var features = results[0].AsTensor<float>().ToArray();
        var norm = MathF.Sqrt(features.Sum(f => f * f));
        return norm > 0 ? [.. features.Select(f => f / norm)] : features;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Network.Dispose();
        preprocessing.Dispose();
    }

    // The preprocessing graph swaps RGB to BGR and subtracts its mean image: given black, it answers minus that mean.
    private float[] ReadMeanImage()
    {
        var session = preprocessing.Session;
        var zeros = new DenseTensor<float>([1, 3, Side, Side]);
        using var results = session.Run(zeros, CancellationToken.None);
        return [.. results[0].AsTensor<float>().Select(v => -v)];
    }
}
