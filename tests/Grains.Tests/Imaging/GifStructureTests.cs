using ImgProcess.Grains.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Imaging;

public sealed class GifStructureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void Counts_the_frames_an_encoder_wrote(int frames)
    {
        using var image = new Image<Rgba32>(6, 4, new Rgba32(0, 0, 0, 255));
        for (var i = 1; i < frames; i++)
        {
            using var frame = new Image<Rgba32>(6, 4, new Rgba32((byte)(i * 5), 0, 0, 255));
            image.Frames.AddFrame(frame.Frames.RootFrame);
        }

        using var stream = new MemoryStream();
        image.SaveAsGif(stream);

        Assert.Equal(frames, GifStructure.CountFrames(stream.ToArray()));
    }

    [Fact]
    public void Truncated_or_garbage_input_counts_what_it_can_without_throwing()
    {
        Assert.Equal(0, GifStructure.CountFrames("GIF89a"u8));
        Assert.Equal(0, GifStructure.CountFrames(new byte[3]));
    }
}
