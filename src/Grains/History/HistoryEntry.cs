namespace ImgProcess.Grains.History;

/// <summary>One upload in the history index; the results stay with the <c>ImageGrain</c>.</summary>
/// <param name="ImageId">The image id.</param>
/// <param name="StoredName">The name the image is served under.</param>
/// <param name="OriginalName">The client's file name, sanitised.</param>
/// <param name="UploadedAt">When the upload was accepted.</param>
[GenerateSerializer, Immutable]
public sealed record HistoryEntry(
    [property: Id(0)] string ImageId,
    [property: Id(1)] string StoredName,
    [property: Id(2)] string OriginalName,
    [property: Id(3)] DateTimeOffset UploadedAt)
{
    /// <summary>The entry's number in its partition, set by the partition's segment when it is stored.</summary>
    [Id(4)]
    public long Sequence { get; init; }

    /// <summary>The ordering key (see <see cref="HistoryLayout.KeyAt"/>), set by the partition; 0 for entries from before keys.</summary>
    [Id(5)]
    public long Key { get; init; }

    /// <summary>The partition that holds the entry, set when it is stored.</summary>
    [Id(6)]
    public int Partition { get; init; }

    /// <summary>
    /// The content's SHA-256 and perceptual hash, when it has one: the partition hands them to the similarity index
    /// after the append is durable (the entry is the durable to-do, so a crash cannot lose the index entry).
    /// </summary>
    [Id(7)]
    public string? Sha256 { get; init; }

    /// <summary>The content's perceptual hash, with <see cref="Sha256"/>.</summary>
    [Id(8)]
    public ulong? PerceptualHash { get; init; }

    /// <summary>The key that orders the entry, also for entries stored before keys existed.</summary>
    public long OrderKey => Key != 0 ? Key : HistoryLayout.LegacyKey(Sequence);

    /// <summary>Where the entry is.</summary>
    public HistoryPosition Position => new(Partition, Sequence, OrderKey);
}
