using System.Globalization;

namespace ImgProcess.Bench;

/// <summary>
/// CPU time a process has used (user + system), from /proc. Throughput on a shared machine moves with the other tenants'
/// load from one minute to the next; CPU time per upload moves much less, so it is the steadier way to compare runs.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static double Seconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static double Self() => Seconds(Environment.ProcessId);
}
