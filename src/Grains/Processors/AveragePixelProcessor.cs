using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// The mean of all channel values over all pixels, on the 0–255 scale: R, G and B, plus A when the file
/// stores an alpha channel (as the Flask service's numpy mean did).
/// </summary>
public sealed class AveragePixelProcessor : IImageProcessor
{
    // A pixel is one little-endian word R | G << 8 | B << 16 | A << 24. Masking it with 0x00FF00FF leaves R and B in
    // two 16-bit fields (shifted by 8 first: G and A), which take 256 additions of a byte before one could overflow.
    private const uint EveryOtherByte = 0x00FF00FF;
    private const int AdditionsPerField = 256;

    /// <inheritdoc />
    public string Name => "Average Pixel Value";

    /// <inheritdoc />
    public string Description => "Mean of all channel values over all pixels (0-255); alpha counts only when the file has an alpha channel.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.FullImage;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var includeAlpha = input.Header.HasAlpha;
        var sums = new ChannelSums();
        input.FullImage.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sums.Add(rows.GetRowSpan(y));
            }
        });

        var channels = includeAlpha ? 4 : 3;
        var count = (double)input.FullImage.Width * input.FullImage.Height * channels;
        return ValueTask.FromResult<object?>((sums.Colour + (includeAlpha ? sums.Alpha : 0)) / count);
    }

    /// <summary>Exact sums of R + G + B and of A, eight pixels per step where the processor has 256-bit vectors.</summary>
    private sealed class ChannelSums
    {
        public long Colour { get; private set; }

        public long Alpha { get; private set; }

        public void Add(ReadOnlySpan<Rgba32> row)
        {
            var words = MemoryMarshal.Cast<Rgba32, uint>(row);
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var mask = Vector256.Create(EveryOtherByte);
                var low = Vector256.Create(0xFFFFu);
                while (words.Length - i >= Vector256<uint>.Count)
                {
                    var steps = Math.Min((words.Length - i) / Vector256<uint>.Count, AdditionsPerField);
                    var redBlue = Vector256<uint>.Zero;
                    var greenAlpha = Vector256<uint>.Zero;
                    for (var s = 0; s < steps; s++, i += Vector256<uint>.Count)
                    {
                        var pixels = Vector256.Create(words.Slice(i, Vector256<uint>.Count));
                        redBlue += pixels & mask;
                        greenAlpha += (pixels >> 8) & mask;
                    }

                    Colour += Vector256.Sum(redBlue & low) + Vector256.Sum(redBlue >> 16) + Vector256.Sum(greenAlpha & low);
                    Alpha += Vector256.Sum(greenAlpha >> 16);
                }
            }

            foreach (var pixel in row[i..])
            {
                Colour += pixel.R + pixel.G + pixel.B;
                Alpha += pixel.A;
            }
        }
    }
}
