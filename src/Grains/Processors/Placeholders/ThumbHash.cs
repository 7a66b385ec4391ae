namespace ImgProcess.Grains.Processors.Placeholders;

/// <summary>
/// ThumbHash (Evan Wallace's format, as its reference implementation encodes it): an image of at most 100×100 pixels as
/// about 25 bytes. The colours are turned into luminance, yellow–blue, red–green and alpha channels (composited over the
/// average colour), each described by its lowest DCT frequencies: a 5-byte header with the averages, scales, the
/// luminance grid and the orientation, an alpha byte when the image has any transparency, then one nibble per
/// frequency. Browsers decode it into a blurred placeholder with the image's colours and aspect ratio.
/// </summary>
public static class ThumbHash
{
    /// <summary>The largest width or height the format encodes.</summary>
    public const int MaxSide = 100;

    /// <summary>The hash of <paramref name="rgba"/> (<paramref name="width"/> × <paramref name="height"/>, not premultiplied).</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgba)
    {
        if (width is < 1 or > MaxSide || height is < 1 or > MaxSide || rgba.Length < width * height * 4)
        {
            throw new ArgumentException($"{width}×{height} does not fit in {MaxSide}×{MaxSide} or the pixels are too few.", nameof(rgba));
        }

        var count = width * height;
        double averageR = 0, averageG = 0, averageB = 0, averageA = 0;
        for (var i = 0; i < count; i++)
        {
            var alpha = rgba[(i * 4) + 3] / 255.0;
            averageR += alpha / 255 * rgba[i * 4];
            averageG += alpha / 255 * rgba[(i * 4) + 1];
            averageB += alpha / 255 * rgba[(i * 4) + 2];
            averageA += alpha;
        }

        if (averageA > 0)
        {
            averageR /= averageA;
            averageG /= averageA;
            averageB /= averageA;
        }

        var hasAlpha = averageA < count;
        var luminanceLimit = hasAlpha ? 5 : 7; // fewer luminance frequencies leave room for alpha
        var longest = Math.Max(width, height);
        var lx = Math.Max(1, Round(luminanceLimit * width / (double)longest));
        var ly = Math.Max(1, Round(luminanceLimit * height / (double)longest));

        // Each pixel composited over the average colour, then as L, P (yellow - blue), Q (red - green) and A.
        var l = new double[count];
        var p = new double[count];
        var q = new double[count];
        var a = new double[count];
        for (var i = 0; i < count; i++)
        {
            var alpha = rgba[(i * 4) + 3] / 255.0;
            var r = (averageR * (1 - alpha)) + (alpha / 255 * rgba[i * 4]);
            var g = (averageG * (1 - alpha)) + (alpha / 255 * rgba[(i * 4) + 1]);
            var b = (averageB * (1 - alpha)) + (alpha / 255 * rgba[(i * 4) + 2]);
            l[i] = (r + g + b) / 3;
            p[i] = ((r + g) / 2) - b;
            q[i] = r - g;
            a[i] = alpha;
        }

        var luminance = Channel.Encode(l, width, height, Math.Max(3, lx), Math.Max(3, ly));
        var yellowBlue = Channel.Encode(p, width, height, 3, 3);
        var redGreen = Channel.Encode(q, width, height, 3, 3);
        var transparency = hasAlpha ? Channel.Encode(a, width, height, 5, 5) : null;

        var landscape = width > height;
        var header24 = Round(63 * luminance.Dc)
            | (Round(31.5 + (31.5 * yellowBlue.Dc)) << 6)
            | (Round(31.5 + (31.5 * redGreen.Dc)) << 12)
            | (Round(31 * luminance.Scale) << 18)
            | ((hasAlpha ? 1 : 0) << 23);
        var header16 = (landscape ? ly : lx)
            | (Round(63 * yellowBlue.Scale) << 3)
            | (Round(63 * redGreen.Scale) << 9)
            | ((landscape ? 1 : 0) << 15);

        var channels = transparency is null ? new[] { luminance, yellowBlue, redGreen } : [luminance, yellowBlue, redGreen, transparency];
        var acStart = hasAlpha ? 6 : 5;
        var nibbles = channels.Sum(c => c.Ac.Length);
        var hash = new byte[acStart + ((nibbles + 1) / 2)];
        hash[0] = (byte)(header24 & 255);
        hash[1] = (byte)((header24 >> 8) & 255);
        hash[2] = (byte)(header24 >> 16);
        hash[3] = (byte)(header16 & 255);
        hash[4] = (byte)(header16 >> 8);
        if (transparency is not null)
        {
            hash[5] = (byte)(Round(15 * transparency.Dc) | (Round(15 * transparency.Scale) << 4));
        }

        var index = 0;
        foreach (var channel in channels)
        {
            foreach (var factor in channel.Ac)
            {
                hash[acStart + (index >> 1)] |= (byte)(Round(15 * factor) << ((index & 1) << 2));
                index++;
            }
        }

        return hash;
    }

    // JavaScript's Math.round: halves go up.
    private static int Round(double value) => (int)Math.Floor(value + 0.5);

    /// <summary>One channel's DC term, its AC terms normalised to 0–1 around 0.5, and their scale.</summary>
    private sealed record Channel(double Dc, double[] Ac, double Scale)
    {
        // The frequencies kept form a triangle: cx · ny &lt; nx · (ny − cy), row by row.
        public static Channel Encode(double[] values, int width, int height, int nx, int ny)
        {
            double dc = 0, scale = 0;
            var ac = new List<double>();
            var fx = new double[width];
            for (var cy = 0; cy < ny; cy++)
            {
                for (var cx = 0; cx * ny < nx * (ny - cy); cx++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        fx[x] = Math.Cos(Math.PI / width * cx * (x + 0.5));
                    }

                    double f = 0;
                    for (var y = 0; y < height; y++)
                    {
                        var fy = Math.Cos(Math.PI / height * cy * (y + 0.5));
                        for (var x = 0; x < width; x++)
                        {
                            f += values[x + (y * width)] * fx[x] * fy;
                        }
                    }

                    f /= width * height;
                    if (cx > 0 || cy > 0)
                    {
                        ac.Add(f);
                        scale = Math.Max(scale, Math.Abs(f));
                    }
                    else
                    {
                        dc = f;
                    }
                }
            }

            if (scale > 0)
            {
                for (var i = 0; i < ac.Count; i++)
                {
                    ac[i] = 0.5 + (0.5 / scale * ac[i]);
                }
            }

            return new Channel(dc, [.. ac], scale);
        }
    }
}
