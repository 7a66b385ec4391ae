using Orleans.Concurrency;

namespace ImgProcess.Grains.History;

/// <summary>
/// One partition of the history (key: the partition number, see <see cref="HistoryLayout"/>), newest first, over
/// fixed-size segments. <see cref="HistoryReader"/> merges the partitions for clients.
/// </summary>
public interface IHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>Appends <paramref name="entry"/>; returns where it is. Durable when it returns.</summary>
    Task<HistoryPosition> Add(HistoryEntry entry);

    /// <summary>Appends many entries in order (seeding, imports); returns the position of the first.</summary>
    Task<HistoryPosition?> AddRange(List<HistoryEntry> entries);

    /// <summary>Removes the entry with <paramref name="sequence"/> if it is <paramref name="imageId"/>'s; idempotent.</summary>
    Task Remove(long sequence, string imageId);

    /// <summary>
    /// Removes <paramref name="imageId"/>'s entry from the newest segments, if there is one: for an upload whose append
    /// failed for its caller but may have been stored (the answer lost in an outage). Idempotent.
    /// </summary>
    Task RemoveRecent(string imageId);

    /// <summary>
    /// Removes the entry of <paramref name="imageId"/> that append <paramref name="appendId"/> stored in the newest
    /// segments, if there is one: the copy left by an append that timed out for its caller. Idempotent.
    /// </summary>
    Task RemoveCopy(string imageId, Guid appendId);

    /// <summary>Skips the <paramref name="skip"/> newest live entries and returns up to <paramref name="take"/> of the following ones, newest first.</summary>
    [ReadOnly]
    Task<HistorySlice> GetNewest(long skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="take"/> live entries with a key below <paramref name="key"/>, newest first (cursor paging).</summary>
    [ReadOnly]
    Task<HistorySlice> GetOlderThan(long key, int take, CancellationToken cancellationToken = default);

    /// <summary>For each of <paramref name="keys"/>, how many live entries have a key above it (a page far down is located by counts).</summary>
    [ReadOnly]
    Task<List<long>> CountNewerThan(List<long> keys, CancellationToken cancellationToken = default);

    /// <summary>The live total and the key range, from the partition's memory.</summary>
    [ReadOnly]
    Task<HistorySummary> Summary(CancellationToken cancellationToken = default);
}
