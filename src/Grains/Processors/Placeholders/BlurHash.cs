using System.Text;

namespace ImgProcess.Grains.Processors.Placeholders;

/// <summary>
/// BlurHash (Wolt's format, as its reference implementation encodes it): an image as a short base-83 string of its
/// lowest 2-D cosine components in linear light — the number of components, the largest AC magnitude, the average
/// colour in sRGB, then each AC component quantised to 19 levels per channel.
/// </summary>
public static class BlurHash
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    // sRGB byte to linear light, once per value rather than once per sample.
    private static readonly double[] Linear = [.. Enumerable.Range(0, 256).Select(v => SrgbToLinear((byte)v))];

    /// <summary>The hash of <paramref name="rgba"/> with <paramref name="componentsX"/> × <paramref name="componentsY"/> components (1–9 each).</summary>
    public static string Encode(int width, int height, ReadOnlySpan<byte> rgba, int componentsX, int componentsY)
    {
        if (componentsX is < 1 or > 9 || componentsY is < 1 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(componentsX), "BlurHash has 1 to 9 components each way.");
        }

        if (width < 1 || height < 1 || rgba.Length < width * height * 4)
        {
            throw new ArgumentException("The pixels are fewer than width × height.", nameof(rgba));
        }

        var linear = new double[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            linear[i * 3] = Linear[rgba[i * 4]];
            linear[(i * 3) + 1] = Linear[rgba[(i * 4) + 1]];
            linear[(i * 3) + 2] = Linear[rgba[(i * 4) + 2]];
        }

        // The cosines once per column and row (not per pixel and component): the basis is separable.
        var cosX = new double[componentsX, width];
        var cosY = new double[componentsY, height];
        for (var i = 0; i < componentsX; i++)
        {
            for (var x = 0; x < width; x++)
            {
                cosX[i, x] = Math.Cos(Math.PI * i * x / width);
            }
        }

        for (var j = 0; j < componentsY; j++)
        {
            for (var y = 0; y < height; y++)
            {
                cosY[j, y] = Math.Cos(Math.PI * j * y / height);
            }
        }

        var factors = new (double R, double G, double B)[componentsX * componentsY];
        for (var j = 0; j < componentsY; j++)
        {
            for (var i = 0; i < componentsX; i++)
            {
                var normalisation = i == 0 && j == 0 ? 1.0 : 2.0;
                double r = 0, g = 0, b = 0;
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var basis = cosX[i, x] * cosY[j, y];
                        var at = ((y * width) + x) * 3;
                        r += basis * linear[at];
                        g += basis * linear[at + 1];
                        b += basis * linear[at + 2];
                    }
                }

                var scale = normalisation / (width * height);
                factors[(j * componentsX) + i] = (r * scale, g * scale, b * scale);
            }
        }

        var hash = new StringBuilder();
        Append(hash, (componentsX - 1) + ((componentsY - 1) * 9), 1);
        double maximum;
        if (factors.Length > 1)
        {
            // The largest magnitude, as Wolt's C encoder takes it. The npm encoder takes the largest signed value, so an
            // image whose strongest component is negative (a left-to-right brightening) clips there; here it does not.
            var actual = factors.Skip(1).Max(f => Math.Max(Math.Abs(f.R), Math.Max(Math.Abs(f.G), Math.Abs(f.B))));
            var quantised = (int)Math.Max(0, Math.Min(82, Math.Floor((actual * 166) - 0.5)));
            maximum = (quantised + 1) / 166.0;
            Append(hash, quantised, 1);
        }
        else
        {
            maximum = 1;
            Append(hash, 0, 1);
        }

        var dc = factors[0];
        Append(hash, (LinearToSrgb(dc.R) << 16) + (LinearToSrgb(dc.G) << 8) + LinearToSrgb(dc.B), 4);
        foreach (var (r, g, b) in factors.Skip(1))
        {
            Append(hash, (Quantise(r / maximum) * 19 * 19) + (Quantise(g / maximum) * 19) + Quantise(b / maximum), 2);
        }

        return hash.ToString();
    }

    private static int Quantise(double value) =>
        (int)Math.Max(0, Math.Min(18, Math.Floor((Math.CopySign(Math.Sqrt(Math.Abs(value)), value) * 9) + 9.5)));

    private static double SrgbToLinear(byte value)
    {
        var v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    private static int LinearToSrgb(double value)
    {
        var v = Math.Clamp(value, 0, 1);
        return v <= 0.0031308 ? (int)((v * 12.92 * 255) + 0.5) : (int)((((1.055 * Math.Pow(v, 1 / 2.4)) - 0.055) * 255) + 0.5);
    }

    private static void Append(StringBuilder hash, int value, int length)
    {
        var divisor = 1;
        for (var i = 1; i < length; i++)
        {
            divisor *= 83;
        }

        for (var i = 0; i < length; i++)
        {
            hash.Append(Digits[value / divisor % 83]);
            divisor /= 83;
        }
    }
}
