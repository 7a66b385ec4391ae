using Microsoft.ML.OnnxRuntime;

namespace ImgProcess.Grains.Vision;

/// <summary>
/// One ONNX model file and its session, created on first use and then shared by every run on the silo (ONNX Runtime
/// sessions are safe to run concurrently). The file is checked at start so a missing model is known before any image.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly Lock loading = new();
    private readonly int threads;
    private readonly bool optimise;
    private InferenceSession? session;

    /// <summary>
    /// Describes the model at <paramref name="path"/>; nothing is loaded yet. <paramref name="optimise"/> lets ONNX Runtime
    /// rewrite the graph (fused and re-laid-out weights: faster, but a second copy of them in memory).
    /// </summary>
    public OnnxModel(string path, int threads, bool optimise = true)
    {
        Path = path;
        Missing = File.Exists(path) ? null : $"model file {path} not found (scripts/fetch-models.sh puts it there)";
        (this.threads, this.optimise) = (threads, optimise);
    }

    /// <summary>Where the model is read from.</summary>
    public string Path { get; }

    /// <summary>Why the model cannot be used, or null when its file is there.</summary>
    public string? Missing { get; }

    /// <summary>The session, loaded on first use; a load that fails is tried again on the next use (nothing is cached but a session).</summary>
    public InferenceSession Session
    {
        get
        {
            if (Volatile.Read(ref session) is { } loaded)
            {
                return loaded;
            }

            lock (loading)
            {
                return session ??= Load(Path, threads, optimise);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        session?.Dispose();
    }

    private static InferenceSession Load(string path, int threads, bool optimise)
    {
        // One intra-op pool per session, of the configured size; no inter-op parallelism (these graphs are sequential),
        // and threads that do not spin between runs, so an idle model costs no CPU. The memory arena stays on: without
        // it every run maps its buffers afresh and the detector runs a third slower (page faults), for the price of
        // keeping its largest run's buffers (docs/vision.md has both figures).
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = optimise ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
        };
        if (!optimise)
        {
            // Pre-packed weights are a second copy of them, as the rewritten graph is.
            options.AddSessionConfigEntry("session.use_prepacking", "0");
        }
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new InferenceSession(path, options);
    }
}
