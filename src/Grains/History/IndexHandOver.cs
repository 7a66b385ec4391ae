using ImgProcess.Grains.Faults;
using ImgProcess.Grains.Similarity;
using Microsoft.Extensions.Logging;

namespace ImgProcess.Grains.History;

/// <summary>
/// Hands the perceptual hashes of a partition's new entries to the similarity index after their append is durable, so
/// an upload's answer never waits on the index: from a grain timer of the partition, retried every second while the
/// index is unavailable. The partition persists the oldest unfinished entry number when a segment fills up, and hands
/// over again from there when it activates. Used on the partition's scheduler only, so it needs no lock.
/// </summary>
internal sealed class IndexHandOver(SimilarityIndex index, IGrainBase partition, ILogger logger) : IDisposable
{
    private readonly SortedDictionary<long, List<HashIndexEntry>> pending = [];
    private readonly RetryingTimer timer = new(partition, TimeSpan.FromSeconds(1), attempts: 300, logger);

    /// <summary>The first entry number of the oldest hand-over not finished yet, if any.</summary>
    public long? OldestPending => pending.Count > 0 ? pending.Keys.First() : null;

    /// <summary>Hands over the hashes among <paramref name="entries"/> (numbered from <paramref name="first"/>).</summary>
    public void Start(long first, IEnumerable<HistoryEntry> entries)
    {
        var hashes = entries.Where(e => e.Sha256 is not null && e.PerceptualHash is not null)
            .Select(e => new HashIndexEntry(e.Sha256!, e.PerceptualHash!.Value))
            .ToList();
        if (hashes.Count > 0 && pending.TryAdd(first, hashes) && !timer.Running)
        {
            timer.Run(DrainAsync, "The similarity index hand-over");
        }
    }

    /// <inheritdoc />
    public void Dispose() => timer.Dispose();

    // Hands over what is queued, oldest first, until the index refuses one (the next tick tries again).
    private async Task DrainAsync()
    {
        while (pending.Count > 0)
        {
            var (first, hashes) = pending.First();
            await index.AddAsync(hashes);
            pending.Remove(first);
        }
    }
}
