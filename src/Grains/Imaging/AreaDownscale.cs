using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Shrinks an image by averaging areas: every source pixel counts once, in the target pixel whose area holds it. The
/// analysis copy needs no more than that, and done this way it costs a fraction of the image library's general
/// resampler, which turns every source pixel into floating point: source rows are summed as bytes widened in vectors,
/// and each target pixel is one short sum and one multiply. An area with any transparency is averaged again weighted by
/// alpha (premultiplied, so transparent pixels lend no colour), as the library's resampler does.
/// </summary>
public static class AreaDownscale
{
    /// <summary>A new image of <paramref name="width"/> × <paramref name="height"/>, no larger than <paramref name="source"/>.</summary>
    public static Image<Rgba32> Shrink(Image<Rgba32> source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, source.Width);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, source.Height);

        var columnEnds = Ends(source.Width, width);
        var rowEnds = Ends(source.Height, height);
        var target = new Image<Rgba32>(source.GetConfiguration(), width, height);
        source.ProcessPixelRows(target, (from, to) => Average(from, to, columnEnds, rowEnds));

        // The profiles go along, as with the library's resize: the thumbnail made from the copy reads its EXIF orientation.
        target.Metadata.ExifProfile = source.Metadata.ExifProfile?.DeepClone();
        target.Metadata.IccProfile = source.Metadata.IccProfile?.DeepClone();
        target.Metadata.XmpProfile = source.Metadata.XmpProfile?.DeepClone();
        target.Metadata.IptcProfile = source.Metadata.IptcProfile?.DeepClone();
        return target;
    }

    // Where each target column's (or row's) area ends in the source, exclusive.
    private static int[] Ends(int sourceLength, int targetLength)
    {
        var ends = new int[targetLength];
        for (var i = 0; i < targetLength; i++)
        {
            ends[i] = (int)((long)(i + 1) * sourceLength / targetLength);
        }

        return ends;
    }

    private static void Average(PixelAccessor<Rgba32> from, PixelAccessor<Rgba32> to, int[] columnEnds, int[] rowEnds)
    {
        // Column sums of the current target row's source rows, four channels per source pixel. Sums stay within 32 bits:
        // an area is at most (longest side / AnalysisMaxSide + 1)² pixels, about 400 000 at 20 000 / 32, of up to 255.
        var sums = new uint[from.Width * 4];
        var top = 0;
        for (var targetY = 0; targetY < rowEnds.Length; targetY++)
        {
            Array.Clear(sums);
            for (var y = top; y < rowEnds[targetY]; y++)
            {
                AddBytes(MemoryMarshal.AsBytes(from.GetRowSpan(y)), sums);
            }

            var rows = rowEnds[targetY] - top;
            var output = MemoryMarshal.Cast<Rgba32, uint>(to.GetRowSpan(targetY));
            ref var sum = ref MemoryMarshal.GetArrayDataReference(sums);
            var left = 0;
            for (var x = 0; x < columnEnds.Length; x++)
            {
                var right = columnEnds[x];
                var area = Vector128<uint>.Zero;
                for (var column = left; column < right; column++)
                {
                    area += Vector128.LoadUnsafe(ref sum, (nuint)(column * 4));
                }

                var pixels = (right - left) * rows;
                output[x] = area.GetElement(3) == 255u * (uint)pixels
                    ? Mean(area, pixels)
                    : PremultipliedMean(from, left, right, top, rowEnds[targetY]).PackedValue;
                left = right;
            }

            top = rowEnds[targetY];
        }
    }

    // Adds every byte of the row to its column sum: bytes widened to 32 bits a vector at a time.
    private static void AddBytes(ReadOnlySpan<byte> row, uint[] sums)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<uint>.Count;
            for (; i + Vector<byte>.Count <= row.Length; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(row[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var target = sums.AsSpan(i);
                (new Vector<uint>(target) + a).CopyTo(target);
                (new Vector<uint>(target[lanes..]) + b).CopyTo(target[lanes..]);
                (new Vector<uint>(target[(2 * lanes)..]) + c).CopyTo(target[(2 * lanes)..]);
                (new Vector<uint>(target[(3 * lanes)..]) + d).CopyTo(target[(3 * lanes)..]);
            }
        }

        for (; i < row.Length; i++)
        {
            sums[i] += row[i];
        }
    }

    // The four channel means packed as an Rgba32 (R in the low byte).
    private static uint Mean(Vector128<uint> area, int pixels)
    {
        var mean = Vector128.ConvertToInt32((Vector128.ConvertToSingle(area) * (1f / pixels)) + Vector128.Create(0.5f));
        var bytes = Vector128.Narrow(Vector128.Narrow(mean, mean), Vector128.Narrow(mean, mean));
        return bytes.AsUInt32().ToScalar();
    }

    // The area [left, right) × [top, bottom) averaged with each pixel's colour weighted by its alpha.
    private static Rgba32 PremultipliedMean(PixelAccessor<Rgba32> from, int left, int right, int top, int bottom)
    {
        long r = 0, g = 0, b = 0, a = 0;
        for (var y = top; y < bottom; y++)
        {
            foreach (var p in from.GetRowSpan(y)[left..right])
            {
                r += p.R * p.A;
                g += p.G * p.A;
                b += p.B * p.A;
                a += p.A;
            }
        }

        if (a == 0)
        {
            return default;
        }

        var pixels = (long)(right - left) * (bottom - top);
        return new Rgba32((byte)((r + (a / 2)) / a), (byte)((g + (a / 2)) / a), (byte)((b + (a / 2)) / a), (byte)((a + (pixels / 2)) / pixels));
    }
}
