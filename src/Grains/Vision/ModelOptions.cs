using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Vision;

/// <summary>Where the vision models are and how many cores they may use. Bound from <c>ImgProcess:Models</c>.</summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Models";

    /// <summary>
    /// The directory holding <c>ocr/</c> and <c>resnet18/</c> as <c>scripts/fetch-models.sh</c> lays them out (default: <c>models</c>
    /// next to the service, where the build copies them). A processor whose model is not there is switched off.
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>
    /// Threads each model's ONNX Runtime session computes with (default 0: half the cores, at least 1, the same share
    /// the deferred processors get): every run of the model on the silo shares them, so models never take the cores the
    /// inline path needs.
    /// </summary>
    [Range(0, 256)]
    public int InferenceThreads { get; set; }

    /// <summary>The directory the models are read from.</summary>
    public string EffectiveDirectory => string.IsNullOrWhiteSpace(Directory) ? Path.Combine(AppContext.BaseDirectory, "models") : Directory;

    /// <summary>The effective number of inference threads.</summary>
    public int EffectiveInferenceThreads => InferenceThreads > 0 ? InferenceThreads : Math.Max(1, Environment.ProcessorCount / 2);
}
