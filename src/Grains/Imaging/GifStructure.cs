namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Walks a GIF's block structure without decoding any image data: to count frames (the image library's header read
/// does not report them, and the limit on frames must hold before a decode) and to tell a whole file from a cut one
/// (the decoder fills a cut frame with the background instead of failing).
/// </summary>
public static class GifStructure
{
    private const byte ImageDescriptor = 0x2C;
    private const byte Extension = 0x21;
    private const byte Trailer = 0x3B;

    /// <summary>Counts image descriptors in <paramref name="gif"/>, stopping early once <paramref name="stopAfter"/> is passed.</summary>
    public static int CountFrames(ReadOnlySpan<byte> gif, int stopAfter = int.MaxValue) => Walk(gif, stopAfter).Frames;

    /// <summary>
    /// True when every block of <paramref name="gif"/> is complete (each image's data sub-blocks end with their
    /// terminator inside the file) and the trailer is reached: a file cut anywhere fails this.
    /// </summary>
    public static bool IsComplete(ReadOnlySpan<byte> gif) => Walk(gif, int.MaxValue).Complete;

    /// <summary>True when a graphic control extension before the first image sets the transparent-colour flag.</summary>
    public static bool FirstFrameHasTransparency(ReadOnlySpan<byte> gif)
    {
        var position = AfterGlobalColourTable(gif);
        while (position + 2 < gif.Length && gif[position] == Extension)
        {
            // Graphic control: 0x21 0xF9, block size 4, packed fields (bit 0: transparent colour), delay, index, 0.
            if (gif[position + 1] == 0xF9 && position + 3 < gif.Length && gif[position + 2] == 4)
            {
                return (gif[position + 3] & 0x01) != 0;
            }

            position = SkipSubBlocks(gif, position + 2);
        }

        return false;
    }

    // The logical screen descriptor ends at 13; a global colour table of 3 · 2^(n+1) bytes may follow.
    private static int AfterGlobalColourTable(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13)
        {
            return gif.Length;
        }

        var flags = gif[10];
        return 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 0x07) + 1)) : 0);
    }

    private static (int Frames, bool Complete) Walk(ReadOnlySpan<byte> gif, int stopAfter)
    {
        if (gif.Length < 13)
        {
            return (0, false);
        }

        var position = AfterGlobalColourTable(gif);
        var frames = 0;
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case ImageDescriptor:
                    frames++;
                    if (frames > stopAfter || position + 11 > gif.Length)
                    {
                        return (frames, false);
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
                case Extension:
                    position = SkipSubBlocks(gif, position + 2);
                    break;
                case Trailer:
                    return (frames, true);
                default: // garbage where a block should start: stop counting, and the file is not whole
                    return (frames, false);
            }
        }

        return (frames, false);
    }

    // Returns the position after the terminating zero-length sub-block, or past the end when the file stops first.
    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int position)
    {
        while (position < gif.Length)
        {
            var size = gif[position];
            position += 1 + size;
            if (size == 0)
            {
                return position;
            }
        }

        return gif.Length + 1;
    }
}
