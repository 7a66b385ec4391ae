namespace ImgProcess.Grains.Indexing;

/// <summary>A persisted index segment's entries, in insertion order.</summary>
/// <typeparam name="TEntry">The index's entry.</typeparam>
public interface ISegmentEntries<TEntry>
{
    /// <summary>The entries.</summary>
    List<TEntry> Entries { get; }
}
