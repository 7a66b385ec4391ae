using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Options;

namespace ImgProcess.Gateway.Hosting;

/// <summary>
/// The deadline of the grain calls one HTTP request makes: the request's own cancellation cut at a configured budget
/// (<see cref="LimitsOptions.GrainCallTimeout"/>, or <see cref="LimitsOptions.UploadTimeout"/> for the
/// processing of an upload). A call to a silo that died then ends at the deadline, and the answer is 503, instead of
/// waiting for Orleans' 30-s response timeout. Bound as a handler parameter; disposed with the response.
/// </summary>
internal sealed class GrainCallDeadline : IDisposable
{
    private readonly CancellationToken requestAborted;
    private readonly LimitsOptions limits;
    private CancellationTokenSource? calls;
    private CancellationTokenSource? upload;

    private GrainCallDeadline(LimitsOptions limits, CancellationToken requestAborted)
    {
        this.requestAborted = requestAborted;
        this.limits = limits;
    }

    /// <summary>For reads, deletes and every other call that should answer quickly.</summary>
    public CancellationToken Calls => (calls ??= Start(limits.GrainCallTimeout)).Token;

    /// <summary>For an upload: checks, storing the bytes, running every processor and persisting the results.</summary>
    public CancellationToken Upload => (upload ??= Start(limits.UploadTimeout)).Token;

    public static ValueTask<GrainCallDeadline?> BindAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var deadline = new GrainCallDeadline(limits, context.RequestAborted);
        context.Response.RegisterForDispose(deadline);
        return ValueTask.FromResult<GrainCallDeadline?>(deadline);
    }

    public void Dispose()
    {
        calls?.Dispose();
        upload?.Dispose();
    }

    private CancellationTokenSource Start(TimeSpan budget)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        source.CancelAfter(budget);
        return source;
    }
}
