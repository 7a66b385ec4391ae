using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// One decode of an image, shared read-only by every processor on a silo: the full-resolution frame and,
/// made on first use, a downscaled analysis copy (areas averaged, <see cref="AreaDownscale"/>).
/// </summary>
public sealed class DecodedImage : IDisposable
{
    private readonly int analysisMaxSide;
    private readonly Lazy<Image<Rgba32>> analysis;

    /// <summary>Wraps <paramref name="full"/>; takes ownership of it.</summary>
    public DecodedImage(Image<Rgba32> full, int analysisMaxSide)
    {
        Full = full;
        this.analysisMaxSide = analysisMaxSide;
        analysis = new Lazy<Image<Rgba32>>(CreateAnalysisCopy, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The first frame at full resolution.</summary>
    public Image<Rgba32> Full { get; }

    /// <summary>The frame scaled so its longest side is at most the configured analysis size (the full frame when already smaller).</summary>
    public Image<Rgba32> Analysis => analysis.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (analysis.IsValueCreated && !ReferenceEquals(analysis.Value, Full))
        {
            analysis.Value.Dispose();
        }

        Full.Dispose();
    }

    private Image<Rgba32> CreateAnalysisCopy()
    {
        var longest = Math.Max(Full.Width, Full.Height);
        if (longest <= analysisMaxSide)
        {
            return Full;
        }

        var scale = (double)analysisMaxSide / longest;
        return AreaDownscale.Shrink(Full, Math.Max(1, (int)Math.Round(Full.Width * scale)), Math.Max(1, (int)Math.Round(Full.Height * scale)));
    }
}
