using Orleans.Concurrency;

namespace ImgProcess.Grains.History;

/// <summary>
/// One partition of the history (key: the partition number, see <see cref="HistoryLayout"/>), newest first, over
/// fixed-size segments. <see cref="HistoryReader"/> merges the partitions for clients.
/// </summary>
public interface IHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Appends <paramref name="entry"/> unless its upload already has an entry here; returns where the upload's entry is.
    /// Durable when it returns. Idempotent by image id: adding twice keeps one entry, in the same place, so a caller
    /// whose answer was lost calls again (the same partition: Orleans re-activates it on a live silo).
    /// </summary>
    Task<HistoryPosition> Add(HistoryEntry entry);

    /// <summary>Appends many entries in order (seeding, imports); returns the position of the first.</summary>
    Task<HistoryPosition?> AddRange(List<HistoryEntry> entries);

    /// <summary>Removes the entry with <paramref name="sequence"/> if it is <paramref name="imageId"/>'s; idempotent.</summary>
    Task Remove(long sequence, string imageId);

    /// <summary>Removes the entry of <paramref name="imageId"/>, uploaded at <paramref name="uploadedAt"/>, if there is one; idempotent.</summary>
    Task Remove(string imageId, DateTimeOffset uploadedAt);

    /// <summary>Where the entry of <paramref name="imageId"/> (uploaded at <paramref name="uploadedAt"/>) is; null when it has none here.</summary>
    [ReadOnly]
    Task<HistoryPosition?> Find(string imageId, DateTimeOffset uploadedAt, CancellationToken cancellationToken = default);

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
