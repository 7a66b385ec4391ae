using ImgProcess.Grains.Vision;
using ImgProcess.Grains.Vision.Ocr;
using ImgProcess.Tests;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace ImgProcess.Grains.Tests.Vision;

public sealed class PageReaderTests(ITestOutputHelper output)
{
    [Fact]
    public void Rendered_sentences_on_photographs_are_read_with_at_least_95_percent_of_their_characters()
    {
        using var models = new OcrModels(Options.Create(new ModelOptions()));
        Assert.Null(models.Missing);
        long errors = 0, characters = 0;
        foreach (var picture in TextPictures.All())
        {
            using var image = Image.Load<Rgba32>(picture.Png);
            var read = TextPictures.Collapse(string.Join(' ', PageReader.Read(models, image, hasAlpha: false).Select(l => l.Text)));
            var distance = TextPictures.EditDistance(picture.Text, read);
            output.WriteLine($"{picture.Name}: {1 - ((double)distance / picture.Text.Length):P1} \"{read}\"");
            errors += distance;
            characters += picture.Text.Length;
        }

        output.WriteLine($"overall {1 - ((double)errors / characters):P2}");
        Assert.True(errors <= characters * 0.05, $"{errors} of {characters} characters wrong");
    }
}
