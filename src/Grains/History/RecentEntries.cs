namespace ImgProcess.Grains.History;

/// <summary>
/// A partition's entries of the last few minutes (and at least of its two newest segments) by image id: what lets a
/// repeated <see cref="IHistoryGrain.Add"/> (a caller whose answer was lost) find the first one without a read. Every
/// entry with a key at or above <see cref="Floor"/> is here; an older upload is looked up in its segments.
/// </summary>
internal sealed class RecentEntries
{
    /// <summary>How far back entries are kept beyond the two newest segments.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, HistoryPosition> byImage = new(StringComparer.Ordinal);

    /// <summary>Every entry with a key at or above this is held; below it, a segment must be read.</summary>
    public long Floor { get; private set; } = long.MinValue;

    /// <summary>The entry of <paramref name="imageId"/> among the recent ones.</summary>
    public bool TryGet(string imageId, out HistoryPosition position) => byImage.TryGetValue(imageId, out position!);

    /// <summary>True when <paramref name="imageId"/> has a recent entry.</summary>
    public bool Contains(string imageId) => byImage.ContainsKey(imageId);

    /// <summary>Holds <paramref name="entries"/> (stored ones: their positions are set).</summary>
    public void Remember(IEnumerable<HistoryEntry> entries)
    {
        foreach (var entry in entries)
        {
            byImage[entry.ImageId] = entry.Position;
        }
    }

    /// <summary>Drops the entries of segments before <paramref name="segment"/>, whose predecessor ends at <paramref name="floor"/> - 1.</summary>
    public void ForgetBefore(long segment, long floor)
    {
        foreach (var old in byImage.Where(e => HistoryLayout.SegmentOf(e.Value.Sequence) < segment).Select(e => e.Key).ToList())
        {
            byImage.Remove(old);
        }

        Floor = floor;
    }
}
