using System.Globalization;

namespace ImgProcess.Grains.Storage;

/// <summary>
/// Where one grain's named state lives in the <c>GrainState</c> table: the columns Orleans' ADO.NET provider binds as
/// <c>@GrainIdN0</c>, <c>@GrainIdN1</c> and <c>@GrainIdExtensionString</c>, derived from the grain id the way it does
/// (a GUID key as its two 64-bit halves, an integer key in <c>N1</c>, any other key as text), so rows written by
/// either storage are found by the other.
/// </summary>
public readonly record struct GrainStateKey(string ServiceId, string StateName, long N0, long N1, string KeyText)
{
    /// <summary>The key of <paramref name="stateName"/> of <paramref name="grainId"/> in service <paramref name="serviceId"/>.</summary>
    /// <remarks>
    /// The provider also strips generic arguments from a state name written as a type name; our state names are plain
    /// words, and a backtick is refused rather than stored under a name the provider would not look for.
    /// </remarks>
    public static GrainStateKey Of(string serviceId, string stateName, GrainId grainId)
    {
        if (stateName.Contains('`', StringComparison.Ordinal))
        {
            throw new ArgumentException($"State name {stateName} looks like a generic type name; use a plain name.", nameof(stateName));
        }

        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes);
            return new(serviceId, stateName, BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]), guidExtension ?? "");
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return new(serviceId, stateName, 0, integer, integerExtension ?? "");
        }

        return new(serviceId, stateName, 0, 0, grainId.Key.ToString());
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StateName} of {N0}/{N1}/{KeyText}");
}
