namespace ImgProcess.Bench;

/// <summary>
/// The vision processors in the service (issue 32): uploads/s at the given connections with Text and Visual Embedding on
/// (deferred, their defaults) and off, side by side (two rounds, alternating); then a burst of distinct uploads with them
/// on, sampled until the deferred queue has drained: the drain rate is how many uploads a second this machine reads
/// and embeds.
/// </summary>
internal static class VisionServiceBenchmark
{
    private static readonly Dictionary<string, string> VisionOn = GatewayUnderTest.VisionOff.ToDictionary(e => e.Key, _ => "");

    public static async Task<IReadOnlyList<string>> RunAsync(string images, string data, int clients, TimeSpan duration, int burst)
    {
        var jpeg = await File.ReadAllBytesAsync(Path.Combine(images, "hubble_deep_field.jpg"));
        var lines = new List<string>
        {
            $"| round | Text + Visual Embedding (deferred) | uploads/s ({clients} conn.) | p50 | CPU per upload | ratio on/off |",
            "| --- | --- | --- | --- | --- | --- |",
        };
        for (var round = 1; round <= 2; round++)
        {
            double off = 0;
            foreach (var on in new[] { false, true })
            {
                using var gateway = await GatewayUnderTest.StartAsync(Path.Combine(data, $"vision-{round}-{on}"), on ? VisionOn : null);
                var result = await LoadGenerator.RunAsync(gateway.BaseAddress, jpeg, "vision.jpg", clients, duration, TimeSpan.FromSeconds(20), serviceCpuSeconds: gateway.CpuSeconds, serviceJitSeconds: gateway.JitSecondsAsync);
                off = on ? off : result.PerSecond;
                lines.Add($"| {round} | {(on ? "on" : "off")} | {result.PerSecond:0.0} | {result.P50:0.0} ms | {result.CpuMsPerUpload:0.0} ms | {(on ? $"{result.PerSecond / off:0.00}" : "")} |");
            }
        }

        lines.Add("");
        lines.AddRange(await DeferredBenchmark.BurstAsync(jpeg, Path.Combine(data, "vision-burst"), clients, burst, "Text and Visual Embedding on (their defaults: deferred, half the cores)", VisionOn));
        return lines;
    }
}
