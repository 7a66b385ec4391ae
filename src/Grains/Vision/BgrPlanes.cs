using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Vision;

/// <summary>
/// A vision model's input: the image as it is shown (its EXIF orientation applied) at the model's size, in the planar
/// BGR order these models were trained with, each value <c>v × scale[c] + offset[c] − meanPlanes[c, y, x]</c>. The frame
/// is shrunk first (bilinear, as OpenCV resizes), so only the small copy is turned.
/// </summary>
internal static class BgrPlanes
{
    /// <summary>The [1, 3, <paramref name="height"/>, <paramref name="width"/>] input of <paramref name="image"/> (upright size given).</summary>
    public static DenseTensor<float> Of(Image<Rgba32> image, bool hasAlpha, int width, int height, float[] scale, float[] offset, float[]? meanPlanes = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var orientation = PixelBuffer.OrientationOf(image);
        var turned = orientation >= 5;
        using var small = image.Clone(c => c.Resize(turned ? height : width, turned ? width : height, KnownResamplers.Triangle));
        if (orientation > 1)
        {
            small.Mutate(c => c.AutoOrient());
        }

        var input = new DenseTensor<float>([1, 3, height, width]);
        var planes = input.Buffer;
        small.ProcessPixelRows(rows =>
        {
            var span = planes.Span;
            var plane = width * height;
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var (r, g, b) = PixelBuffer.Shade(row[x], !hasAlpha);
                    var at = (y * width) + x;
                    span[at] = (b * scale[0]) + offset[0] - (meanPlanes?[at] ?? 0);
                    span[plane + at] = (g * scale[1]) + offset[1] - (meanPlanes?[plane + at] ?? 0);
                    span[(2 * plane) + at] = (r * scale[2]) + offset[2] - (meanPlanes?[(2 * plane) + at] ?? 0);
                }
            }
        });

        return input;
    }
}
