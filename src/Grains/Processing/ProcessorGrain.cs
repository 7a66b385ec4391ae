using System.Diagnostics;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace ImgProcess.Grains.Processing;

/// <summary>
/// Runs the processor named by the grain key. The image comes from the silo's <see cref="DecodedImageCache"/>,
/// so all processors working on one image on this silo share one read and one decode.
/// </summary>
[StatelessWorker]
public sealed partial class ProcessorGrain(
    ProcessorCatalog catalog,
    DecodedImageCache images,
    IOptions<ProcessingOptions> options,
    ImgProcessMetrics metrics,
    ILogger<ProcessorGrain> logger) : Grain, IProcessorGrain
{
    /// <inheritdoc />
    public async Task<ProcessorOutcome> Execute(ImageRef image)
    {
        var name = this.GetPrimaryKeyString();
        var started = Stopwatch.GetTimestamp();
        if (!catalog.TryGet(name, out var processor))
        {
            return ProcessorOutcome.Failure(name, "No such processor is enabled on this silo.", 0, RuntimeIdentity);
        }

        using var activity = ImgProcessTelemetry.Source.StartActivity($"processor {name}");
        activity?.SetTag("imgprocess.processor", name);
        activity?.SetTag("imgprocess.sha256", image.Sha256);
        var timeout = options.Value.ProcessorTimeout;
        using var cancellation = new CancellationTokenSource(timeout);
        var run = RunAsync(processor, image, cancellation.Token);
        try
        {
            var (json, result) = await run.WaitAsync(timeout);
            var outcome = ProcessorOutcome.Success(name, json, Stopwatch.GetElapsedTime(started).TotalMilliseconds, RuntimeIdentity)
                with
                {
                    DerivedBlobs = result.DerivedBlobs.Count > 0 ? [.. result.DerivedBlobs] : null,
                    SimilarityHash = result.SimilarityHash,
                    LookVector = result.LookVector is { } vector ? [.. vector] : null,
                    SearchText = result.SearchText,
                };
            return Finished(outcome, "ok", activity);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && cancellation.IsCancellationRequested))
        {
            LogTimedOut(name, image.Sha256, timeout.TotalSeconds);
            return Finished(ProcessorOutcome.Failure(name, $"Timed out after {timeout.TotalSeconds:0.###} s.", Stopwatch.GetElapsedTime(started).TotalMilliseconds, RuntimeIdentity), "timeout", activity);
        }
#pragma warning disable CA1031 // A processor failure is reported in the upload's errors, never thrown: this is that boundary.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(e, name, image.Sha256);

            // Only the image library's verdict on the pixels makes the image unreadable; bytes that could not be read
            // (the blob store is down, or does not have them yet) are an outage, never the client's file.
            var unreadable = e is SixLabors.ImageSharp.ImageFormatException or SixLabors.ImageSharp.Memory.InvalidMemoryOperationException;
            // The store is wrapped, so its outages arrive as ServiceUnavailableException; a raw I/O error here is the decoder's.
            var unavailable = !unreadable && e is FileNotFoundException or Faults.ServiceUnavailableException;
            var outcome = ProcessorOutcome.Failure(name, Describe(e), Stopwatch.GetElapsedTime(started).TotalMilliseconds, RuntimeIdentity)
                with { ImageUnreadable = unreadable, Unavailable = unavailable };
            return Finished(outcome, unavailable ? "unavailable" : "failed", activity);
        }
    }

    private ProcessorOutcome Finished(ProcessorOutcome outcome, string kind, Activity? activity)
    {
        metrics.ProcessorRan(outcome.Processor, outcome.ElapsedMilliseconds / 1000, kind);
        if (kind != "ok")
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        return outcome;
    }

    // Holds its own lease so that a processor still running after a timeout keeps its pixels alive.
    private async Task<(string Json, ProcessorResult Result)> RunAsync(IImageProcessor processor, ImageRef image, CancellationToken cancellationToken)
    {
        using var lease = images.Acquire(image);
        var header = await lease.GetHeaderAsync(cancellationToken);
        var decoded = processor.Needs == ImageNeed.Header ? null : await lease.GetPixelsAsync(cancellationToken);
        var value = await processor.ProcessAsync(new ImageInput(image, header, decoded), cancellationToken);
        var result = ProcessorResult.Of(value);
        return (ProcessorResultJson.Serialize(result.Value), result);
    }

    private static string Describe(Exception e) => e switch
    {
        SixLabors.ImageSharp.InvalidImageContentException or SixLabors.ImageSharp.UnknownImageFormatException => $"The image could not be decoded: {e.Message}",
        SixLabors.ImageSharp.Memory.InvalidMemoryOperationException => "The image is too large to decode within the memory limit.",
        _ => e.Message,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processor {Processor} timed out on {Sha256} after {Seconds} s")]
    private partial void LogTimedOut(string processor, string sha256, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processor {Processor} failed on {Sha256}")]
    private partial void LogFailed(Exception exception, string processor, string sha256);
}
