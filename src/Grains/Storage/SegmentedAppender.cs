namespace ImgProcess.Grains.Storage;

/// <summary>
/// The append path of a log kept as fixed-size segment grains behind a head grain (a history partition, a similarity
/// shard): fill the segment being filled, roll over to the next when it is full, split a batch at the boundary. The
/// head persists which segment is current (in its roll-over); the segments persist the entries. Runs inside the
/// head's <see cref="GroupCommit{TItem, TResult}"/> flush, so one append at a time.
/// </summary>
/// <typeparam name="TEntry">What the log holds.</typeparam>
public sealed class SegmentedAppender<TEntry>(int segmentSize)
{
    /// <summary>Entries in the segment being filled: counted from storage when the head activates, then kept here.</summary>
    public int CountInCurrent { get; set; }

    /// <summary>
    /// Appends <paramref name="entries"/> in order. Each piece that fits the current segment is shaped by
    /// <paramref name="prepare"/> (the history gives keys), stored by <paramref name="store"/> (which answers how many
    /// entries the segment holds after it) and then reported to <paramref name="stored"/>; <paramref name="rollOver"/>
    /// moves the head to the next segment (and sets <see cref="CountInCurrent"/> to what that one holds).
    /// </summary>
    public async Task AppendAsync(
        IReadOnlyList<TEntry> entries,
        Func<Task> rollOver,
        Func<List<TEntry>, Task<int>> store,
        Action<List<TEntry>> stored,
        Func<List<TEntry>, List<TEntry>>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(rollOver);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stored);
        var next = 0;
        while (next < entries.Count)
        {
            if (CountInCurrent >= segmentSize)
            {
                await rollOver();
                continue;
            }

            var piece = entries.Skip(next).Take(Math.Min(segmentSize - CountInCurrent, entries.Count - next)).ToList();
            piece = prepare?.Invoke(piece) ?? piece;
            CountInCurrent = await store(piece);
            stored(piece);
            next += piece.Count;
        }
    }
}
