namespace ImgProcess.Bench;

/// <summary>
/// When a process has finished warming up: the JIT's tiering recompiles hot methods for the first minute under load
/// (measured: 12 s of JIT time in each of the first two 20-s windows of a gateway under upload load), so a speed figure
/// taken before the JIT goes quiet measures the compiler, not the service.
/// </summary>
internal static class JitQuiet
{
    /// <summary>A slice of load this long that adds less JIT time than <see cref="QuietSeconds"/> ends the warm-up.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(5);

    /// <summary>JIT time per slice below which the process counts as warm (1 % of one core).</summary>
    public const double QuietSeconds = 0.05;

    /// <summary>The longest warm-up waiting for the JIT to go quiet (it took about a minute for a gateway on 2 cores).</summary>
    public static readonly TimeSpan MaxWarmup = TimeSpan.FromSeconds(180);

    /// <summary>This process's own JIT time in seconds.</summary>
    public static Task<double> SelfAsync() => Task.FromResult(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);

    /// <summary>
    /// Runs <paramref name="load"/> (which goes on while the function it is given returns true) for
    /// <paramref name="minimum"/>, then, with <paramref name="jitSeconds"/>, until a <see cref="Slice"/> adds less than
    /// <see cref="QuietSeconds"/> of JIT time, at most <see cref="MaxWarmup"/>; returns the seconds it took, once the
    /// load has stopped.
    /// </summary>
    public static async Task<double> WarmUpAsync(Func<Func<bool>, Task> load, Func<Task<double>>? jitSeconds, TimeSpan minimum)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var warm = new CancellationTokenSource();
        if (minimum == TimeSpan.Zero && jitSeconds is null)
        {
            // No warm-up asked for (the memory run's bombs): not one request before the measured window.
            await warm.CancelAsync();
        }

        var running = load(() => !warm.IsCancellationRequested);
        try
        {
            await Task.Delay(minimum);
            if (jitSeconds is not null)
            {
                await UntilQuietAsync(jitSeconds, MaxWarmup - minimum);
            }
        }
        finally
        {
            await warm.CancelAsync();
            await running;
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task UntilQuietAsync(Func<Task<double>> jitSeconds, TimeSpan budget)
    {
        if (double.IsNaN(await jitSeconds()))
        {
            await Console.Error.WriteLineAsync("JIT time unreadable (no /metrics?): warm-up stops at its minimum");
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed + Slice <= budget)
        {
            var before = await jitSeconds();
            await Task.Delay(Slice);
            var added = await jitSeconds() - before;

            // NaN here is one failed scrape of a busy service: keep warming rather than call it quiet.
            if (added < QuietSeconds)
            {
                return;
            }
        }
    }
}
