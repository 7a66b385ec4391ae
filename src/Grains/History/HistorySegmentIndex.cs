namespace ImgProcess.Grains.History;

/// <summary>Finds where a page starts in a partition from its head state alone, without reading segments.</summary>
internal static class HistorySegmentIndex
{
    /// <summary>
    /// The segment holding the live entry <paramref name="skip"/> places below the newest, and how many live entries to
    /// skip in it; segment -1 when the partition holds fewer. Segments without deletions are full, so runs of them are
    /// jumped arithmetically: the cost grows with the number of segments that have deletions, not with the length.
    /// </summary>
    public static (long Segment, int Skip) Locate(HistoryHeadState head, int countInCurrent, long skip)
    {
        var current = head.CurrentSegment;
        int LiveIn(long segment) => (segment == current ? countInCurrent : HistoryLayout.SegmentSize) - head.DeletedPerSegment.GetValueOrDefault(segment);

        var segment = current;
        using var withDeletions = head.DeletedPerSegment.Keys.Where(k => k < segment).OrderDescending().GetEnumerator();
        var nextDeleted = withDeletions.MoveNext() ? withDeletions.Current : -1;
        while (segment >= 0)
        {
            if (segment == current || segment == nextDeleted)
            {
                if (skip < LiveIn(segment))
                {
                    return (segment, (int)skip);
                }

                skip -= LiveIn(segment);
                if (segment == nextDeleted)
                {
                    nextDeleted = withDeletions.MoveNext() ? withDeletions.Current : -1;
                }

                segment--;
                continue;
            }

            var fullRun = segment - nextDeleted;
            if (skip < fullRun * HistoryLayout.SegmentSize)
            {
                return (segment - (skip / HistoryLayout.SegmentSize), (int)(skip % HistoryLayout.SegmentSize));
            }

            skip -= fullRun * HistoryLayout.SegmentSize;
            segment = nextDeleted;
        }

        return (-1, 0);
    }
}
