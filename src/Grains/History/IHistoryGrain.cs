namespace ImgProcess.Grains.History;

/// <summary>The index of every upload, newest first. One head grain (key <see cref="HistoryLayout.HeadKey"/>) over fixed-size segments.</summary>
public interface IHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>Appends <paramref name="entry"/>; returns its sequence number. Durable when it returns.</summary>
    Task<long> Add(HistoryEntry entry);

    /// <summary>Appends many entries in order (seeding, imports); returns the sequence number of the first.</summary>
    Task<long> AddRange(List<HistoryEntry> entries);

    /// <summary>Removes the entry with <paramref name="sequence"/> if it is <paramref name="imageId"/>'s; idempotent.</summary>
    Task Remove(long sequence, string imageId);

    /// <summary>
    /// Removes <paramref name="imageId"/>'s entry from the newest segments, if there is one: for an upload whose append
    /// failed for its caller but may have been stored (the answer lost in an outage). Idempotent.
    /// </summary>
    Task RemoveRecent(string imageId);


    /// <summary>Skips the <paramref name="skip"/> newest live entries and returns up to <paramref name="take"/> of the following ones, newest first.</summary>
    Task<HistorySlice> GetNewest(long skip, int take, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="take"/> live entries older than <paramref name="sequence"/>, newest first (cursor paging).</summary>
    Task<HistorySlice> GetBefore(long sequence, int take, CancellationToken cancellationToken = default);
}
