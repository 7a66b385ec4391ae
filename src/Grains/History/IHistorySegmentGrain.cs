namespace ImgProcess.Grains.History;

/// <summary>A block of up to <see cref="HistoryLayout.SegmentSize"/> consecutive history entries (key: segment number).</summary>
public interface IHistorySegmentGrain : IGrainWithIntegerKey
{
    /// <summary>Appends an entry; returns the number of entries the segment now holds.</summary>
    Task<int> Append(HistoryEntry entry);

    /// <summary>How many entries the segment holds.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<int> Count();

    /// <summary>Up to <paramref name="count"/> entries from <paramref name="offset"/> on, oldest first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<List<HistoryEntry>> Range(int offset, int count);
}
