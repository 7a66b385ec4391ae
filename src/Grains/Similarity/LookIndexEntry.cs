namespace ImgProcess.Grains.Similarity;

/// <summary>
/// One content's visual embedding as the look-alike index keeps it: each component of the unit vector as a signed byte
/// (−127…127 of its largest component) and that scale, so a vector of 512 costs 516 bytes and a dot product is integer
/// arithmetic; the cosine similarity comes back within 0.005.
/// </summary>
/// <param name="Sha256">The content hash.</param>
/// <param name="Components">The quantised components.</param>
/// <param name="Scale">What one step of a component is worth.</param>
[GenerateSerializer, Immutable]
public sealed record LookIndexEntry([property: Id(0)] string Sha256, [property: Id(1)] sbyte[] Components, [property: Id(2)] float Scale)
{
    /// <summary>The entry of <paramref name="vector"/> (unit length) for content <paramref name="sha256"/>.</summary>
    public static LookIndexEntry Of(string sha256, IReadOnlyList<float> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var largest = vector.Count == 0 ? 0 : vector.Max(MathF.Abs);
        var scale = largest > 0 ? largest / 127 : 1;
        return new LookIndexEntry(sha256, [.. vector.Select(v => (sbyte)Math.Clamp(MathF.Round(v / scale), -127, 127))], scale);
    }
}

