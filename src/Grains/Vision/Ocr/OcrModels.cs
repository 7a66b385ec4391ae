using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>The PP-OCRv4 text detector and recogniser of a silo, with the recogniser's alphabet, loaded on first use.</summary>
public sealed class OcrModels : IDisposable
{
    private readonly Lazy<IReadOnlyList<string>> alphabet;

    /// <summary>Finds the models under <see cref="ModelOptions.EffectiveDirectory"/>/ocr.</summary>
    public OcrModels(IOptions<ModelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.Combine(options.Value.EffectiveDirectory, "ocr");
        Detection = new OnnxModel(Path.Combine(directory, "det.onnx"), options.Value.EffectiveInferenceThreads);
        Recognition = new OnnxModel(Path.Combine(directory, "rec.onnx"), options.Value.EffectiveInferenceThreads);
        var keys = Path.Combine(directory, "keys.txt");
        Missing = Detection.Missing ?? Recognition.Missing ?? (File.Exists(keys) ? null : $"dictionary {keys} not found (scripts/fetch-models.sh puts it there)");
        alphabet = new Lazy<IReadOnlyList<string>>(() => ReadAlphabet(keys), LazyThreadSafetyMode.PublicationOnly); // a failed read is tried again
    }

    /// <summary>The detector: a probability map of text pixels.</summary>
    public OnnxModel Detection { get; }

    /// <summary>The recogniser: CTC class probabilities along a line.</summary>
    public OnnxModel Recognition { get; }

    /// <summary>The recogniser's characters: the dictionary's lines, then the space (class k + 1 is character k).</summary>
    public IReadOnlyList<string> Alphabet => alphabet.Value;

    /// <summary>Why the models cannot be used, or null when they are all there.</summary>
    public string? Missing { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Detection.Dispose();
        Recognition.Dispose();
    }

    private static List<string> ReadAlphabet(string path) =>
        [.. File.ReadAllText(path).Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0), " "];
}
