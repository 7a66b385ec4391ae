using ImgProcess.Grains.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImgProcess.Grains.Tests.Vision;

public sealed class PixelBufferTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_exif_orientation_reads_the_pixels_the_upright_image_shows(int orientation)
    {
        // A 3×2 image whose every pixel differs, tagged with the orientation; ImageSharp's AutoOrient is the reference.
        using var stored = new Image<Rgba32>(3, 2);
        for (var y = 0; y < 2; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                stored[x, y] = new Rgba32((byte)(x * 80), (byte)(y * 120), 7, 255);
            }
        }

        stored.Metadata.ExifProfile = new ExifProfile();
        stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
        using var upright = stored.Clone(c => c.AutoOrient());

        var pixels = new PixelBuffer(stored, hasAlpha: false, PixelBuffer.OrientationOf(stored));

        Assert.Equal((upright.Width, upright.Height), (pixels.Width, pixels.Height));
        for (var y = 0; y < upright.Height; y++)
        {
            for (var x = 0; x < upright.Width; x++)
            {
                Assert.Equal(((float)upright[x, y].R, (float)upright[x, y].G, (float)upright[x, y].B), pixels.At(x, y));
            }
        }
    }

    [Fact]
    public void A_large_frame_is_read_in_place_not_copied()
    {
        // 16 MB of pixels: ImageSharp keeps buffers over 1 MB in unmanaged memory, which must be read where it is.
        using var image = new Image<Rgba32>(2000, 2000, new Rgba32(10, 20, 30, 255));
        image[1999, 1999] = new Rgba32(200, 100, 50, 255);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var pixels = new PixelBuffer(image, hasAlpha: false);

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1_000_000);
        Assert.Equal((200f, 100f, 50f), pixels.At(1999, 1999));
        Assert.Equal((10f, 20f, 30f), pixels.At(0, 0));
    }

    [Fact]
    public void An_orientation_outside_the_eight_is_read_as_stored()
    {
        using var image = new Image<Rgba32>(3, 2);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)9);

        Assert.Equal(1, PixelBuffer.OrientationOf(image));
    }

    [Fact]
    public void Declared_transparency_is_shown_over_white_and_undeclared_alpha_is_ignored()
    {
        using var image = new Image<Rgba32>(1, 1, new Rgba32(0, 0, 0, 0));

        Assert.Equal((255f, 255f, 255f), new PixelBuffer(image, hasAlpha: true).At(0, 0));
        Assert.Equal((0f, 0f, 0f), new PixelBuffer(image, hasAlpha: false).At(0, 0));
    }
}
