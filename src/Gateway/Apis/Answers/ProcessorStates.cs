using ImgProcess.Grains.Images;

namespace ImgProcess.Gateway.Apis;

/// <summary>
/// Where each processor is on one upload: <c>{"Name": {runs, state, error?}}</c> with runs <c>inline</c> or
/// <c>deferred</c> and state <c>pending</c>, <c>done</c> or <c>failed</c> (with its error). Inline processors are pending
/// until the upload is processed; deferred ones until their queue has run them.
/// </summary>
internal static class ProcessorStates
{
    public static Dictionary<string, ProcessorState> Of(ImageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var deferred = record.DeferredProcessors.ToHashSet(StringComparer.Ordinal);
        var names = record.Results.Keys.Concat(record.Errors.Keys).Concat(record.DeferredPending).Concat(record.DeferredProcessors).Distinct(StringComparer.Ordinal);
        return names.ToDictionary(name => name, name => new ProcessorState(
            deferred.Contains(name) ? "deferred" : "inline",
            StateOf(record, name),
            record.Errors.GetValueOrDefault(name)));
    }

    private static string StateOf(ImageRecord record, string name) =>
        record.Status == ImageStatus.Pending || record.DeferredPending.Contains(name) ? "pending"
        : record.Errors.ContainsKey(name) ? "failed"
        : record.Results.ContainsKey(name) ? "done"
        : "pending";
}

/// <summary>One processor's state on one upload.</summary>
internal sealed record ProcessorState(string Runs, string State, string? Error);
