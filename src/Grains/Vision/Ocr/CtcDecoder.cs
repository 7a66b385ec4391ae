namespace ImgProcess.Grains.Vision.Ocr;

/// <summary>
/// Greedy CTC decoding of a recogniser's output: the most likely class at each time step, repeats merged, the blank
/// (class 0) dropped. Class k ≥ 1 is the alphabet's character k − 1. The confidence is the mean probability of the
/// characters kept.
/// </summary>
public static class CtcDecoder
{
    /// <summary>Decodes <paramref name="steps"/> rows of <paramref name="classes"/> probabilities.</summary>
    public static (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int steps, int classes, IReadOnlyList<string> alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        if (probabilities.Length < steps * classes)
        {
            throw new ArgumentException("Fewer probabilities than steps × classes.", nameof(probabilities));
        }

        var text = new System.Text.StringBuilder();
        double confidence = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (best != 0 && best != previous && best - 1 < alphabet.Count)
            {
                text.Append(alphabet[best - 1]);
                confidence += row[best];
                kept++;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0 : (float)(confidence / kept));
    }
}
