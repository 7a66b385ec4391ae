using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImgProcess.Grains.Vision;

/// <summary>One run of a single-input model that a cancellation stops: ONNX Runtime's terminate flag ends the run where it is.</summary>
public static class OnnxRuns
{
    /// <summary>
    /// Runs <paramref name="session"/> on <paramref name="input"/> (its one input); when <paramref name="cancellationToken"/>
    /// fires (a processor's timeout), the run stops and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public static IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(this InferenceSession session, DenseTensor<float> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        cancellationToken.ThrowIfCancellationRequested();
        using var options = new RunOptions();
        using var stop = cancellationToken.Register(() => options.Terminate = true);
        try
        {
            return session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)], session.OutputMetadata.Keys.ToList(), options);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
