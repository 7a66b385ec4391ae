namespace ImgProcess.Grains.Imaging;

/// <summary>
/// The decoded pixels one silo may hold at once (<see cref="Processing.ProcessingOptions.EffectiveMaxDecodedPixels"/>):
/// an image's pixels are admitted when they fit beside those already held, and their share is given back when the
/// decoded image is released. So many large images queue, first come first served, instead of multiplying memory; an
/// image larger than the whole budget is admitted alone.
/// </summary>
public sealed class PixelBudget(long capacity)
{
    private readonly object sync = new();
    private readonly LinkedList<(long Pixels, TaskCompletionSource Admitted)> waiting = [];
    private long held;

    /// <summary>Pixels held now; for tests and metrics.</summary>
    public long Held
    {
        get
        {
            lock (sync)
            {
                return held;
            }
        }
    }

    /// <summary>Waits until <paramref name="pixels"/> fit, then holds them until the returned share is disposed.</summary>
    public async Task<IDisposable> AcquireAsync(long pixels, CancellationToken cancellationToken = default)
    {
        var share = Math.Min(Math.Max(pixels, 0), capacity);
        TaskCompletionSource admitted;
        CancellationTokenRegistration giveUp;
        lock (sync)
        {
            if (waiting.Count == 0 && held + share <= capacity)
            {
                held += share;
                return new Share(this, share);
            }

            admitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = waiting.AddLast((share, admitted));
            giveUp = cancellationToken.Register(() =>
            {
                lock (sync)
                {
                    if (node.List is not null)
                    {
                        waiting.Remove(node);
                        admitted.TrySetCanceled(cancellationToken);
                        AdmitWaiting();
                    }
                }
            });
        }

        await using (giveUp)
        {
            await admitted.Task;
        }

        return new Share(this, share);
    }

    private void Release(long share)
    {
        lock (sync)
        {
            held -= share;
            AdmitWaiting();
        }
    }

    // Under the lock: admits waiters in order while the first one fits.
    private void AdmitWaiting()
    {
        while (waiting.First is { } first && held + first.Value.Pixels <= capacity)
        {
            waiting.RemoveFirst();
            held += first.Value.Pixels;
            first.Value.Admitted.TrySetResult();
        }
    }

    private sealed class Share(PixelBudget budget, long pixels) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                budget.Release(pixels);
            }
        }
    }
}
