using System.Text;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Privacy;
using ImgProcess.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Tests.Privacy;

public sealed class LocationMetadataTests
{
    public static TheoryData<string> Formats => ["JPEG", "PNG", "WEBP", "TIFF"];

    private static (IImageEncoder Encoder, SniffedFormat Format) For(string name) => name switch
    {
        "JPEG" => (new JpegEncoder { Quality = 90 }, ImageFormatSniffer.Jpeg),
        "PNG" => (new PngEncoder(), ImageFormatSniffer.Png),
        "WEBP" => (new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }, ImageFormatSniffer.Webp),
        _ => (new TiffEncoder(), ImageFormatSniffer.Tiff),
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Gps_in_exif_and_xmp_is_erased_in_place_and_everything_else_is_kept(string name)
    {
        var (encoder, format) = For(name);
        var original = TestImages.Geotagged(encoder);
        using (var tagged = Image.Load<Rgba32>(original))
        {
            Assert.NotNull(ExifOf(tagged)?.GetValue(ExifTag.GPSLatitude));
        }

        var served = original.ToArray();
        Assert.True(LocationMetadata.Erase(served, format));

        // Same length (nothing moved), the same pixels, the camera kept, no coordinate left in Exif or XMP.
        Assert.Equal(original.Length, served.Length);
        using var before = Image.Load<Rgba32>(original);
        using var after = Image.Load<Rgba32>(served);
        Assert.True(PixelsEqual(before, after));
        var exif = ExifOf(after);
        Assert.Equal("Canon", exif?.GetValue(ExifTag.Make)?.Value);
        Assert.Null(exif?.GetValue(ExifTag.GPSLatitude));
        Assert.Null(exif?.GetValue(ExifTag.GPSLongitude));
        var text = Encoding.Latin1.GetString(served);
        Assert.DoesNotContain(TestImages.GeotagXmpLatitude, text, StringComparison.Ordinal);
        Assert.DoesNotContain("151,12.9E", text, StringComparison.Ordinal);
        Assert.False(LocationMetadata.Erase(served, format));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_file_without_location_is_left_as_it_is(string name)
    {
        var (encoder, format) = For(name);
        var original = TestImages.Landscape(64, 48, seed: 4, encoder);
        var served = original.ToArray();

        Assert.False(LocationMetadata.Erase(served, format));
        Assert.Equal(original, served);
    }

    [Fact]
    public void A_png_chunk_that_was_changed_gets_its_crc_again()
    {
        var served = TestImages.Geotagged(new PngEncoder());
        Assert.True(LocationMetadata.Erase(served, ImageFormatSniffer.Png));

        for (var at = 8; at + 12 <= served.Length;)
        {
            var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(served.AsSpan(at));
            var crc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(served.AsSpan(at + 8 + length));
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(served.AsSpan(at + 4, 4 + length)), crc);
            at += 12 + length;
        }
    }

    // The image's Exif block: TIFF keeps it with the frame.
    private static ExifProfile? ExifOf(Image image) => image.Metadata.ExifProfile ?? image.Frames.RootFrame.Metadata.ExifProfile;

    private static bool PixelsEqual(Image<Rgba32> a, Image<Rgba32> b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            return false;
        }

        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (a[x, y] != b[x, y])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
