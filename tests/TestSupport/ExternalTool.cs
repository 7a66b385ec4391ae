using System.Diagnostics;

namespace ImgProcess.Tests;

/// <summary>Runs a Debian tool the format tests and benchmarks need (test.sh installs them) and fails with its output when it fails.</summary>
internal static class ExternalTool
{
    /// <summary>Debian's Python, with Pillow and NumPy (the one on PATH may be another).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/> and answers its standard output.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }

        return output;
    }
}
