using System.Globalization;
using ImgProcess.Grains.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// A 64-bit DCT perceptual hash (the classic pHash): the analysis copy is reduced to 32×32 luminance, a 2-D DCT
/// is taken, and each of the 8×8 lowest frequencies becomes one bit: 1 when above their median. Resizing and
/// recompression move few bits, so the Hamming distance between two hashes measures visual difference.
/// </summary>
public sealed class PerceptualHashProcessor : IImageProcessor
{
    private const int Size = 32;
    private const int LowFrequencies = 8;
    private static readonly double[,] Cosines = CosineTable();

    /// <summary>The display name, also used to find the hash in stored results.</summary>
    public const string DisplayName = "Perceptual Hash";

    /// <inheritdoc />
    public string Name => DisplayName;

    /// <inheritdoc />
    public string Description => "64-bit DCT perceptual hash as 16 hex digits; a small Hamming distance between two hashes means similar images.";

    /// <inheritdoc />
    public string Version => "2"; // 2: from the area-averaged analysis copy (AreaDownscale)

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.AnalysisImage;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var hash = Compute(input.AnalysisImage);
        return ValueTask.FromResult<object?>(new ProcessorResult(hash.ToString("x16", CultureInfo.InvariantCulture)) { SimilarityHash = hash });
    }

    /// <summary>The hash of <paramref name="image"/>.</summary>
    public static ulong Compute(Image<Rgba32> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var luminance = new double[Size, Size];
        using (var small = image.Clone(context => context.Resize(new ResizeOptions { Size = new Size(Size, Size), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Box })))
        {
            small.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < Size; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < Size; x++)
                    {
                        luminance[y, x] = Luma.Of(row[x]);
                    }
                }
            });
        }

        var coefficients = new double[LowFrequencies * LowFrequencies];
        for (var v = 0; v < LowFrequencies; v++)
        {
            for (var u = 0; u < LowFrequencies; u++)
            {
                double sum = 0;
                for (var y = 0; y < Size; y++)
                {
                    for (var x = 0; x < Size; x++)
                    {
                        sum += luminance[y, x] * Cosines[u, x] * Cosines[v, y];
                    }
                }

                coefficients[(v * LowFrequencies) + u] = sum;
            }
        }

        var sorted = coefficients.Order().ToArray();
        var median = (sorted[31] + sorted[32]) / 2;
        ulong hash = 0;
        foreach (var coefficient in coefficients)
        {
            hash = (hash << 1) | (coefficient > median ? 1UL : 0UL);
        }

        return hash;
    }

    /// <summary>The number of differing bits between two hashes.</summary>
    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);

    /// <summary>Reads the hash back from a result's JSON (a string of 16 hex digits); false when it is not one.</summary>
    public static bool TryReadResult(string? resultJson, out ulong hash)
    {
        hash = 0;
        return resultJson is not null
            && System.Text.Json.JsonSerializer.Deserialize<string>(resultJson) is { } hex
            && ulong.TryParse(hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out hash);
    }

    private static double[,] CosineTable()
    {
        var table = new double[LowFrequencies, Size];
        for (var u = 0; u < LowFrequencies; u++)
        {
            for (var x = 0; x < Size; x++)
            {
                table[u, x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * Size));
            }
        }

        return table;
    }
}
