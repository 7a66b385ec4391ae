namespace ImgProcess.Grains.History;

/// <summary>The index of every upload, newest first. One head grain (key <see cref="HistoryLayout.HeadKey"/>) over fixed-size segments.</summary>
public interface IHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>Appends <paramref name="entry"/>; returns its sequence number. Durable when it returns.</summary>
    Task<long> Add(HistoryEntry entry);

    /// <summary>Skips the <paramref name="skip"/> newest entries and returns up to <paramref name="take"/> of the following ones, newest first.</summary>
    Task<HistorySlice> GetNewest(long skip, int take);
}
