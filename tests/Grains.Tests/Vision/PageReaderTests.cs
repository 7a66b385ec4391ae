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

    [Fact]
    public async Task A_cancelled_model_run_stops_where_it_is()
    {
        using var models = new OcrModels(Options.Create(new ModelOptions()));
        var session = models.Detection.Session;
        var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>([1, 3, 1920, 1920]);
        var whole = System.Diagnostics.Stopwatch.StartNew();
        using (session.Run(input, CancellationToken.None))
        {
        }

        var full = whole.Elapsed;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var stopped = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() => session.Run(input, cancellation.Token).Dispose()));
        Assert.True(stopped.Elapsed < full / 2, $"a cancelled run took {stopped.Elapsed.TotalMilliseconds:0} ms of a whole run's {full.TotalMilliseconds:0}");
    }
}
