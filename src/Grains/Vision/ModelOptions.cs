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
    /// Threads one run of a model computes with (default 1: the thread of the deferred slot that runs it). The runs at
    /// once are bounded by the deferred slots (<c>MaxConcurrentDeferred</c>, half the cores), so the models compute on
    /// at most slots × this many cores and the inline path keeps the rest. More threads make one image faster, not more
    /// images a second.
    /// </summary>
    [Range(1, 256)]
    public int InferenceThreads { get; set; } = 1;

    /// <summary>The directory the models are read from.</summary>
    public string EffectiveDirectory => string.IsNullOrWhiteSpace(Directory) ? Path.Combine(AppContext.BaseDirectory, "models") : Directory;

    /// <summary>The effective number of inference threads.</summary>
    public int EffectiveInferenceThreads => Math.Max(1, InferenceThreads);
}
