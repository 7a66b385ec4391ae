using Orleans.Storage;

namespace ImgProcess.Grains.Storage;

/// <summary>Writes that recover from a version conflict instead of repeating it.</summary>
public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; on a version conflict (another activation wrote first, e.g. while membership settled after
    /// a silo died) the activation deactivates so the next call reloads the stored state, and the conflict is rethrown.
    /// </summary>
    public static async Task WriteOrReloadAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "grain state changed underneath this activation"));
            throw;
        }
    }
}
