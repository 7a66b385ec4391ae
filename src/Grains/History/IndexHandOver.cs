using ImgProcess.Grains.Similarity;

namespace ImgProcess.Grains.History;

/// <summary>
/// Hands the perceptual hashes of a partition's new entries to the similarity index after the append is durable, so an
/// upload's answer never waits on the index. Each hand-over is retried until the index takes it; the partition persists
/// the oldest unfinished one when a segment fills up, and starts again from there when it activates.
/// Runs on the partition's scheduler (a reentrant grain), so it needs no lock.
/// </summary>
internal sealed class IndexHandOver(SimilarityIndex index)
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];
    private readonly SortedSet<long> pending = [];

    /// <summary>The first entry number of the oldest hand-over not finished yet, if any.</summary>
    public long? OldestPending => pending.Count > 0 ? pending.Min : null;

    /// <summary>Starts handing over the hashes among <paramref name="entries"/> (numbered from <paramref name="first"/>).</summary>
    public void Start(long first, IEnumerable<HistoryEntry> entries)
    {
        var hashes = entries.Where(e => e.Sha256 is not null && e.PerceptualHash is not null)
            .Select(e => new HashIndexEntry(e.Sha256!, e.PerceptualHash!.Value))
            .ToList();
        if (hashes.Count > 0 && pending.Add(first))
        {
            _ = RunAsync(first, hashes);
        }
    }

    private async Task RunAsync(long first, List<HashIndexEntry> hashes)
    {
        // Bounded so a loop never outlives its activation by long: what is still pending is taken up by the next one.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                await index.AddAsync(hashes);
                pending.Remove(first);
                return;
            }
#pragma warning disable CA1031 // Any failure is retried: the index being unavailable must not lose the entry.
            catch
#pragma warning restore CA1031
            {
                await Task.Delay(Backoff[Math.Min(attempt, Backoff.Length - 1)]);
            }
        }
    }
}
