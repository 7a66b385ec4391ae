using Orleans.Storage;

namespace ImgProcess.Grains.Storage;

/// <summary>Writes that recover from a failed write instead of serving a state that storage does not hold.</summary>
public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; when the write fails for any reason (a version conflict after another activation wrote first,
    /// or the database not answering) the activation deactivates, so the next call reloads what storage holds, and the
    /// exception is rethrown. For grains whose in-memory change cannot simply be written again later.
    /// </summary>
    public static async Task WriteOrReloadAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            Deactivate(grain, e is InconsistentStateException ? "grain state changed underneath this activation" : "a state write failed");
            throw;
        }
    }

    /// <summary>
    /// Writes the state; on a version conflict the activation deactivates (as <see cref="WriteOrReloadAsync"/>); on any
    /// other failure it keeps its in-memory state, which the next write carries (the stored version is unchanged, so
    /// that write can succeed). For a grain whose next call repeats the same step, such as a retried upload.
    /// </summary>
    public static async Task WriteOrKeepAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            Deactivate(grain, "grain state changed underneath this activation");
            throw;
        }
    }

    private static void Deactivate(IGrainBase grain, string why) =>
        grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, why));
}
