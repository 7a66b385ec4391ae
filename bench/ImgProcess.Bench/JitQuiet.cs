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

    /// <summary>This process's own JIT time in seconds.</summary>
    public static Task<double> SelfAsync() => Task.FromResult(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);

    /// <summary>
    /// Returns once <paramref name="minimum"/> has passed and then a <see cref="Slice"/> added less than
    /// <see cref="QuietSeconds"/> of JIT time (or the JIT time cannot be read), or at <paramref name="maximum"/>;
    /// the caller keeps its load running meanwhile.
    /// </summary>
    public static async Task WaitAsync(Func<Task<double>> jitSeconds, TimeSpan minimum, TimeSpan maximum)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(minimum);
        while (clock.Elapsed + Slice <= maximum)
        {
            var before = await jitSeconds();
            await Task.Delay(Slice);
            var added = await jitSeconds() - before;
            if (double.IsNaN(added) || added < QuietSeconds)
            {
                return;
            }
        }
    }
}
