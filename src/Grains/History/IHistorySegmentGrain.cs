using Orleans.Concurrency;

namespace ImgProcess.Grains.History;

/// <summary>
/// A block of up to <see cref="HistoryLayout.SegmentSize"/> consecutive entries of one partition (key:
/// <see cref="HistoryLayout.SegmentKey"/>). Keys rise with the offset.
/// </summary>
public interface IHistorySegmentGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Appends entries (their keys set, rising), numbering them from the segment's stored count; returns the number of
    /// entries (live or deleted) the segment now holds, so the appended ones are the last <c>entries.Count</c>.
    /// </summary>
    Task<int> Append(List<HistoryEntry> entries);

    /// <summary>How many entries (live or deleted) the segment holds, and its first and last keys.</summary>
    [ReadOnly]
    Task<SegmentSummary> Summary();

    /// <summary>Marks the entry at <paramref name="offset"/> deleted when it belongs to <paramref name="imageId"/>; true if it was live.</summary>
    Task<bool> MarkDeleted(int offset, string imageId);

    /// <summary><paramref name="imageId"/>'s entry (live or deleted), with its position; null when it has none here.</summary>
    [ReadOnly]
    Task<HistoryEntry?> Find(string imageId);

    /// <summary>
    /// Walks down from <paramref name="beforeOffset"/> (exclusive), skips <paramref name="skipLive"/> live entries and
    /// returns up to <paramref name="take"/> live entries, newest first.
    /// </summary>
    [ReadOnly]
    Task<List<HistoryEntry>> ReadNewest(int beforeOffset, int skipLive, int take);

    /// <summary>Up to <paramref name="take"/> live entries with a key below <paramref name="key"/>, newest first.</summary>
    [ReadOnly]
    Task<List<HistoryEntry>> ReadOlderThan(long key, int take);

    /// <summary>For each of <paramref name="keys"/>, how many live entries have a key above it.</summary>
    [ReadOnly]
    Task<List<int>> CountNewerThan(List<long> keys);

    /// <summary>Every entry (live or deleted) from <paramref name="offset"/> on, oldest first.</summary>
    [ReadOnly]
    Task<List<HistoryEntry>> ReadFrom(int offset);
}
