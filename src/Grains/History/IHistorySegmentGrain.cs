namespace ImgProcess.Grains.History;

/// <summary>A block of up to <see cref="HistoryLayout.SegmentSize"/> consecutive history entries (key: segment number).</summary>
public interface IHistorySegmentGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Appends entries, numbering them from the segment's stored count; returns the number of entries (live or deleted)
    /// the segment now holds, so the appended ones are the last <c>entries.Count</c>.
    /// </summary>
    Task<int> Append(List<HistoryEntry> entries);

    /// <summary>How many entries (live or deleted) the segment holds.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<int> Count();

    /// <summary>Marks the entry at <paramref name="offset"/> deleted when it belongs to <paramref name="imageId"/>; true if it was live.</summary>
    Task<bool> MarkDeleted(int offset, string imageId);

    /// <summary>The offset of <paramref name="imageId"/>'s live entry, or -1.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<int> FindLive(string imageId);

    /// <summary>
    /// Walks down from <paramref name="beforeOffset"/> (exclusive), skips <paramref name="skipLive"/> live entries and
    /// returns up to <paramref name="take"/> live entries, newest first.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<List<HistoryEntry>> ReadNewest(int beforeOffset, int skipLive, int take);
}
