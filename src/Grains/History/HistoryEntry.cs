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
    /// <summary>The entry's position in the history, set by the history when it is appended.</summary>
    [Id(4)]
    public long Sequence { get; init; }
}
