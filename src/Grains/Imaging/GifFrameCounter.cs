namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Counts the frames of a GIF by walking its block structure, without decoding any image data.
/// The image library's header read does not report frames, and the limit on frames must hold before a decode.
/// </summary>
public static class GifFrameCounter
{
    /// <summary>Counts image descriptors in <paramref name="gif"/>, stopping early once <paramref name="stopAfter"/> is passed.</summary>
    public static int Count(ReadOnlySpan<byte> gif, int stopAfter = int.MaxValue)
    {
        if (gif.Length < 13)
        {
            return 0;
        }

        var position = 13;
        var flags = gif[10];
        if ((flags & 0x80) != 0)
        {
            position += 3 * (1 << ((flags & 0x07) + 1));
        }

        var frames = 0;
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case 0x2C: // image descriptor
                    frames++;
                    if (frames > stopAfter || position + 10 > gif.Length)
                    {
                        return frames;
                    }

                    var localFlags = gif[position + 9];
                    position += 10;
                    if ((localFlags & 0x80) != 0)
                    {
                        position += 3 * (1 << ((localFlags & 0x07) + 1));
                    }

                    position += 1; // LZW minimum code size
                    position = SkipSubBlocks(gif, position);
                    break;
                case 0x21: // extension
                    position = SkipSubBlocks(gif, position + 2);
                    break;
                default: // trailer (0x3B) or garbage: stop counting
                    return frames;
            }
        }

        return frames;
    }

    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int position)
    {
        while (position < gif.Length)
        {
            var size = gif[position];
            position += 1 + size;
            if (size == 0)
            {
                break;
            }
        }

        return position;
    }
}
