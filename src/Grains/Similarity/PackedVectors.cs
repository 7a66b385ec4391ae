using System.Numerics;
using ImgProcess.Grains.Indexing;

namespace ImgProcess.Grains.Similarity;

/// <summary>
/// A shard's embeddings in memory: every quantised vector in one signed-byte array, their scales in another, their
/// contents in a <see cref="ShaTable"/>. A query is an exact scan (an integer dot product per vector, SIMD) keeping the
/// best few in a heap. All vectors of a shard have the length of its first.
/// </summary>
internal sealed class PackedVectors
{
    private readonly ShaTable contents = new();
    private sbyte[] components = [];
    private float[] scales = new float[1024];

    /// <summary>The vectors' length (0 until the first).</summary>
    public int Dimensions { get; private set; }

    /// <summary>How many contents are held.</summary>
    public int Count => contents.Count;

    /// <summary>Bytes held: what the index costs per vector is this over <see cref="Count"/>.</summary>
    public long Bytes => components.Length + (scales.Length * 4L) + contents.Bytes;

    /// <summary>True when the content is held with exactly this vector.</summary>
    public bool Contains(LookIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var number = contents.Find(entry.Sha256);
        return number >= 0 && scales[number] == entry.Scale && Row(number).SequenceEqual(entry.Components);
    }

    /// <summary>Holds the entry, replacing the content's earlier vector; false when it does not fit (another length, not a SHA-256).</summary>
    public bool Put(LookIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Components.Length == 0 || (Dimensions != 0 && entry.Components.Length != Dimensions))
        {
            return false;
        }

        var number = contents.FindOrAdd(entry.Sha256);
        if (number < 0)
        {
            return false;
        }

        Dimensions = entry.Components.Length;
        if ((number + 1) * Dimensions > components.Length)
        {
            Array.Resize(ref components, Math.Max(1024 * Dimensions, components.Length * 2));
        }

        if (number >= scales.Length)
        {
            Array.Resize(ref scales, scales.Length * 2);
        }

        entry.Components.CopyTo(components.AsSpan(number * Dimensions, Dimensions));
        scales[number] = entry.Scale;
        return true;
    }

    /// <summary>The stored entry of <paramref name="sha256"/>, or null.</summary>
    public LookIndexEntry? Get(string sha256)
    {
        var number = contents.Find(sha256);
        return number < 0 ? null : new LookIndexEntry(sha256, Row(number).ToArray(), scales[number]);
    }

    /// <summary>The <paramref name="limit"/> contents most like <paramref name="query"/>, most alike first.</summary>
    public List<LookAlike> FindLike(LookIndexEntry query, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Components.Length != Dimensions || limit <= 0)
        {
            return [];
        }

        var best = new PriorityQueue<int, float>(limit + 1);
        for (var i = 0; i < Count; i++)
        {
            var similarity = Dot(query.Components, Row(i)) * query.Scale * scales[i];
            if (best.Count < limit)
            {
                best.Enqueue(i, similarity);
            }
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
            {
                best.EnqueueDequeue(i, similarity);
            }
        }

        var found = new List<LookAlike>(best.Count);
        while (best.TryDequeue(out var number, out var similarity))
        {
            found.Add(new LookAlike(contents.ShaOf(number), Math.Round(similarity, 4)));
        }

        found.Reverse();
        return found;
    }

    /// <summary>The integer dot product of two quantised vectors.</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var sum = Vector<int>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
        {
            // |−127 × −127| fits a short: widen once to multiply, again to add.
            Vector.Widen(new Vector<sbyte>(a[i..]), out var aLow, out var aHigh);
            Vector.Widen(new Vector<sbyte>(b[i..]), out var bLow, out var bHigh);
            Vector.Widen(aLow * bLow, out var p0, out var p1);
            Vector.Widen(aHigh * bHigh, out var p2, out var p3);
            sum += p0 + p1 + p2 + p3;
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private ReadOnlySpan<sbyte> Row(int number) => components.AsSpan(number * Dimensions, Dimensions);
}
