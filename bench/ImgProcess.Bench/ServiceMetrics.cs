using System.Globalization;

namespace ImgProcess.Bench;

/// <summary>Counters read from the services' Prometheus text (<c>/metrics</c>), summed over every series and service.</summary>
internal static class ServiceMetrics
{
    /// <summary>JIT time, in seconds.</summary>
    public const string JitSeconds = "dotnet_jit_compilation_time_seconds_total";

    /// <summary>Process CPU time (user and system), in seconds.</summary>
    public const string CpuSeconds = "dotnet_process_cpu_time_seconds_total";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The sum of <paramref name="counter"/> over <paramref name="metricsUrls"/>; NaN when any of them cannot be read.</summary>
    public static async Task<double> ScrapeAsync(IEnumerable<Uri> metricsUrls, string counter)
    {
        var total = 0.0;
        foreach (var url in metricsUrls)
        {
            string text;
            try
            {
                text = await Http.GetStringAsync(url);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return double.NaN;
            }

            var series = text.Split('\n').Where(l => l.StartsWith(counter, StringComparison.Ordinal) && l.Length > counter.Length && l[counter.Length] is '{' or ' ').ToList();
            if (series.Count == 0)
            {
                return double.NaN;
            }

            foreach (var line in series)
            {
                if (!double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return double.NaN;
                }

                total += value;
            }
        }

        return total;
    }
}
