namespace ImgProcess.Grains.History;

/// <summary>
/// How the history is cut into segments. Entry number <c>n</c> (0 = first upload ever) lives in segment
/// <c>n / SegmentSize</c>, so an append rewrites one segment of bounded size, whatever the length of the history.
/// Deleted entries stay as tombstones, so numbers never move.
/// </summary>
public static class HistoryLayout
{
    /// <summary>Entries per segment. Changing it would move entries between segments: it is fixed.</summary>
    public const int SegmentSize = 256;

    /// <summary>The key of the one history head grain.</summary>
    public const long HeadKey = 0;

    /// <summary>The segment that holds entry <paramref name="sequence"/>.</summary>
    public static long SegmentOf(long sequence) => sequence / SegmentSize;

    /// <summary>The offset of entry <paramref name="sequence"/> inside its segment.</summary>
    public static int OffsetOf(long sequence) => (int)(sequence % SegmentSize);
}
