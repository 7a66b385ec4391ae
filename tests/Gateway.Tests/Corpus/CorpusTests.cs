using System.Globalization;
using System.Net;
using System.Text.Json;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests.Corpus;

/// <summary>
/// Every file people might send, through the real gateway, against what the format's reference reader makes of it: the
/// Go project's image test data (PngSuite, GIF, BMP, JPEG, WebP, TIFF variants and broken files, from Debian's
/// golang-1.19-src and golang-golang-x-image-dev) against Pillow, and HEIC, AVIF and JPEG XL files made here from
/// photographs with Debian's encoders against their own decoders (heif-convert, djxl). test.sh installs all of them.
/// </summary>
public sealed class CorpusTests : IDisposable
{
    private const double Tolerance = 1.5;

    private static readonly string[] GoImageData =
    [
        "/usr/share/go-1.19/src/image/testdata",
        "/usr/share/go-1.19/src/image/png/testdata",
        "/usr/share/go-1.19/src/image/png/testdata/pngsuite",
        "/usr/share/gocode/src/golang.org/x/image/testdata",
    ];

    // test.sh names them (scripts/photographs.sh); Debian's python3-skimage installs them here.
    private static readonly string Photographs = Environment.GetEnvironmentVariable("IMGPROCESS_TEST_PHOTOGRAPHS") is { Length: > 0 } named
        ? named
        : "/usr/lib/python3/dist-packages/skimage/data";

    private readonly TempDirectory data = new();
    private readonly TempDirectory work = new();

    public void Dispose()
    {
        data.Dispose();
        work.Dispose();
    }

    [Fact]
    public async Task Every_file_of_the_Go_image_test_data_is_read_as_Pillow_reads_it_and_every_file_Pillow_cannot_read_is_a_4xx()
    {
        var missing = GoImageData.Where(d => !Directory.Exists(d)).ToList();
        Assert.True(missing.Count == 0, $"The Go image test data is not installed (test.sh installs golang-1.19-src and golang-golang-x-image-dev): {string.Join(", ", missing)}");
        var files = GoImageData
            .SelectMany(d => Directory.EnumerateFiles(d))
            .Where(f => !f.EndsWith(".sng", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 150, $"only {files.Count} files");

        var disagreements = await CompareAsync(PillowReference.Of(files), expectedFormat: null);

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {files.Count} files disagree:\n{string.Join('\n', disagreements)}");
    }

    [Fact]
    public async Task HEIC_AVIF_and_JPEG_XL_made_from_photographs_with_and_without_alpha_are_read_as_their_own_decoders_read_them()
    {
        // Saved again without their ICC profiles: the scikit-image files carry one that libpng calls broken, and
        // heif-convert then writes no reference at all.
        var opaque = Path.Combine(work.Path, "chelsea.png");
        ExternalTool.Run(ExternalTool.Python, "-c", "import sys; from PIL import Image; im = Image.open(sys.argv[1]).convert('RGB'); im.info.pop('icc_profile', None); im.save(sys.argv[2])", Path.Combine(Photographs, "chelsea.png"), opaque);
        var withAlpha = Path.Combine(work.Path, "coffee-alpha.png");
        ExternalTool.Run(ExternalTool.Python, "-c", "import sys; from PIL import Image; im = Image.open(sys.argv[1]).convert('RGBA'); "
            + "a = Image.linear_gradient('L').resize(im.size); im.putalpha(a); im.save(sys.argv[2])", Path.Combine(Photographs, "coffee.png"), withAlpha);
        var deep = Path.Combine(work.Path, "astronaut-16bit.png");
        ExternalTool.Run(ExternalTool.Python, "-c", "import sys, numpy as np; from PIL import Image; "
            + "Image.fromarray(np.asarray(Image.open(sys.argv[1]).convert('L')).astype(np.uint16) * 257).save(sys.argv[2])", Path.Combine(Photographs, "astronaut.png"), deep);

        var made = new List<(string File, string Reference, string Format)>();
        foreach (var (source, name) in new[] { (opaque, "opaque"), (withAlpha, "alpha") })
        {
            made.Add(Encode(source, $"{name}.heic", "HEIC", s => ["heif-enc", "-q", "85", "-o", s]));
            made.Add(Encode(source, $"{name}.avif", "AVIF", s => ["heif-enc", "-A", "-q", "85", "-o", s]));
            made.Add(Encode(source, $"{name}.jxl", "JXL", s => ["cjxl", "-q", "90"]));
        }

        made.Add(Encode(deep, "ten-bit.heic", "HEIC", s => ["heif-enc", "-b", "10", "-q", "85", "-o", s]));

        var references = PillowReference.Of([.. made.Select(m => m.Reference)]);
        var disagreements = new List<string>();
        for (var i = 0; i < made.Count; i++)
        {
            disagreements.AddRange(await CompareAsync([references[i] with { File = made[i].File }], made[i].Format));
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
        Assert.Contains(references, r => r.Alpha);
    }

    [Fact]
    public async Task A_cut_HEIC_is_a_truncated_image_and_a_JPEG_whose_entropy_data_breaks_off_is_refused_while_extraneous_bytes_are_not()
    {
        var heic = Encode(Path.Combine(Photographs, "motorcycle_left.png"), "motorcycle.heic", "HEIC", s => ["heif-enc", "-q", "80", "-o", s]).File;
        var whole = await File.ReadAllBytesAsync(heic);
        var jpeg = await File.ReadAllBytesAsync(Path.Combine(Photographs, "hubble_deep_field.jpg"));
        var endOfImage = jpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]);

        // Cut inside the scan, the end marker put back: whole markers, lost data (libjpeg-turbo warns; ImageSharp would pad).
        byte[] brokenOff = [.. jpeg[..(jpeg.Length * 3 / 5)], 0xFF, 0xD9];
        // Junk between the scan and the end marker: a warning real files cause, the pixels all there.
        byte[] extraneous = [.. jpeg[..endOfImage], 0x00, 0x11, 0x22, .. jpeg[endOfImage..]];

        using var factory = new GatewayFactory(data.Path);
        using var client = factory.CreateClient();
        var (cutStatus, cut) = await UploadAsync(client, whole[..(whole.Length * 2 / 3)], "cut.heic");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cutStatus);
        Assert.Equal("Truncated image", cut.GetProperty("error").GetString());

        var (brokenStatus, broken) = await UploadAsync(client, brokenOff, "broken.jpg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, brokenStatus);
        Assert.Contains("damaged", broken.GetProperty("details").GetString(), StringComparison.Ordinal);

        var (fineStatus, fine) = await UploadAsync(client, extraneous, "extraneous.jpg");
        Assert.Equal(HttpStatusCode.OK, fineStatus);
        Assert.Equal(1000, fine.GetProperty("result").GetProperty("Format and Dimensions").GetProperty("width").GetInt32());

        // Nothing of the refused files is listed: only the one accepted.
        var list = JsonDocument.Parse(await client.GetStringAsync(new Uri("/images", UriKind.Relative))).RootElement;
        Assert.Equal(1, list.GetArrayLength());
    }

    [Fact]
    public async Task A_HEIC_answers_its_primary_image_of_several_its_limits_from_the_header_and_a_PNG_thumbnail_when_it_has_alpha()
    {
        var first = Path.Combine(work.Path, "first.png");
        var second = Path.Combine(work.Path, "second.png");
        var withAlpha = Path.Combine(work.Path, "alpha.png");
        ExternalTool.Run(ExternalTool.Python, "-c", "import sys; from PIL import Image; im = Image.open(sys.argv[1]).convert('RGB'); "
            + "im.resize((320, 240)).save(sys.argv[2]); im.resize((200, 100)).save(sys.argv[3]); "
            + "a = im.resize((160, 120)).convert('RGBA'); a.putalpha(Image.linear_gradient('L').resize((160, 120))); a.save(sys.argv[4])",
            Path.Combine(Photographs, "coffee.png"), first, second, withAlpha);
        var two = Path.Combine(work.Path, "two.heic");
        ExternalTool.Run("heif-enc", "-q", "60", "-o", two, first, second);
        var alphaHeic = Path.Combine(work.Path, "alpha.heic");
        ExternalTool.Run("heif-enc", "-q", "60", "-o", alphaHeic, withAlpha);

        // The primary item is the one "pitm" names: point it at the second image (item 2).
        var secondPrimary = await File.ReadAllBytesAsync(two);
        var pitm = secondPrimary.AsSpan().IndexOf("pitm"u8);
        (secondPrimary[pitm + 8], secondPrimary[pitm + 9]) = (0, 2);
        // A header that claims 30000×30000 in every "ispe" (image spatial extents) property.
        var huge = await File.ReadAllBytesAsync(two);
        for (var at = huge.AsSpan().IndexOf("ispe"u8); at >= 0; at = huge.AsSpan(at + 1).IndexOf("ispe"u8) is var next and >= 0 ? at + 1 + next : -1)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(at + 8), 30000);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(at + 12), 30000);
        }

        using var factory = new GatewayFactory(data.Path);
        using var client = factory.CreateClient();
        var (_, primaryFirst) = await UploadAsync(client, await File.ReadAllBytesAsync(two), "two.heic");
        var (_, primarySecond) = await UploadAsync(client, secondPrimary, "second.heic");
        var (hugeStatus, hugeAnswer) = await UploadAsync(client, huge, "huge.heic");
        var (_, alpha) = await UploadAsync(client, await File.ReadAllBytesAsync(alphaHeic), "alpha.heic");

        Assert.Equal(320, primaryFirst.GetProperty("result").GetProperty("Format and Dimensions").GetProperty("width").GetInt32());
        Assert.Equal(200, primarySecond.GetProperty("result").GetProperty("Format and Dimensions").GetProperty("width").GetInt32());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeStatus);
        Assert.Contains("30000", hugeAnswer.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.True(alpha.GetProperty("result").GetProperty("Format and Dimensions").GetProperty("has_alpha").GetBoolean());
        Assert.Equal("png", alpha.GetProperty("result").GetProperty("Thumbnail").GetProperty("format").GetString(), ignoreCase: true);
        Assert.Equal("jpeg", primaryFirst.GetProperty("result").GetProperty("Thumbnail").GetProperty("format").GetString(), ignoreCase: true);
    }

    // Encodes source with the tool, and decodes the result back to PNG with the format's own decoder for the reference.
    private (string File, string Reference, string Format) Encode(string source, string name, string format, Func<string, string[]> command)
    {
        var file = Path.Combine(work.Path, name);
        var args = command(file);
        if (args[0] == "cjxl")
        {
            ExternalTool.Run("cjxl", [source, file, .. args[1..]]);
        }
        else
        {
            ExternalTool.Run(args[0], [.. args[1..], source]);
        }

        var reference = Path.Combine(work.Path, name + ".reference.png");
        if (format == "JXL")
        {
            ExternalTool.Run("djxl", file, reference);
        }
        else
        {
            ExternalTool.Run("heif-convert", file, reference);
        }

        return (file, reference, format);
    }

    private async Task<List<string>> CompareAsync(IReadOnlyList<PillowReference> references, string? expectedFormat)
    {
        using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?> { ["ImgProcess:Limits:MaxUploadBytes"] = "20000000" });
        using var client = factory.CreateClient();
        var disagreements = new List<string>();
        foreach (var reference in references)
        {
            var name = Path.GetFileName(reference.File);
            var (status, body) = await UploadAsync(client, await File.ReadAllBytesAsync(reference.File), name);
            if ((int)status >= 500)
            {
                disagreements.Add($"{name}: {(int)status} {body}");
            }
            else if (!reference.Readable)
            {
                if (status == HttpStatusCode.OK)
                {
                    disagreements.Add($"{name}: 200, but Pillow cannot read it ({reference.Error})");
                }
            }
            else if (status != HttpStatusCode.OK)
            {
                disagreements.Add($"{name}: {(int)status} {body}, but Pillow reads it");
            }
            else
            {
                var result = body.GetProperty("result");
                var header = result.GetProperty("Format and Dimensions");
                var average = result.GetProperty("Average Pixel Value").GetDouble();
                var ours = string.Create(CultureInfo.InvariantCulture, $"{header.GetProperty("format").GetString()} {header.GetProperty("width").GetInt32()}x{header.GetProperty("height").GetInt32()} alpha={header.GetProperty("has_alpha").GetBoolean()} average={average:0.00}");
                var theirs = string.Create(CultureInfo.InvariantCulture, $"{reference.Width}x{reference.Height} alpha={reference.Alpha} average={reference.Average:0.00}");
                var agrees = header.GetProperty("width").GetInt32() == reference.Width && header.GetProperty("height").GetInt32() == reference.Height
                    && header.GetProperty("has_alpha").GetBoolean() == reference.Alpha && Math.Abs(average - reference.Average) <= Tolerance
                    && (expectedFormat is null || header.GetProperty("format").GetString() == expectedFormat);
                if (!agrees)
                {
                    disagreements.Add($"{name}: ours {ours}, reference {theirs}");
                }
            }
        }

        return disagreements;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        using var content = MultipartBodies.Image(bytes, name);
        using var response = await client.PostAsync(new Uri("/images", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
