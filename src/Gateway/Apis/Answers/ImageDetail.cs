using ImgProcess.Grains.Images;

namespace ImgProcess.Gateway.Apis;

/// <summary>The full record, for <c>GET /images/{id}</c> and the answers of reprocess and asynchronous uploads.</summary>
internal sealed class ImageDetail(ImageRecord record) : UploadAnswer(record)
{
    /// <summary>True when the results came from an identical upload processed before.</summary>
    public bool Deduplicated { get; } = record.Deduplicated;

    /// <summary>The name of the API key that uploaded it (a fingerprint, never the key); null without keys.</summary>
    public string? Owner { get; } = record.Owner;

    /// <summary>Each processor's state: inline or deferred; pending, done or failed.</summary>
    public Dictionary<string, ProcessorState> Processors { get; } = ProcessorStates.Of(record);

    public ImageLinks Links { get; } = new(
        $"/images/{record.Id}",
        ViewUrl(record),
        $"/images/{record.Id}/similar",
        $"/images/{record.Id}/reprocess");
}

/// <summary>Where to go from one record.</summary>
internal sealed record ImageLinks(string Self, string View, string Similar, string Reprocess);
