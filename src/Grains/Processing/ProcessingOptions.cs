using System.ComponentModel.DataAnnotations;
using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Processing;

/// <summary>How processors run. Bound from <c>ImgProcess:Processing</c>.</summary>
public sealed class ProcessingOptions
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Processing";

    /// <summary>How long one processor may run on one image before it is reported as timed out (default 10 s; the upload as a whole has ImgProcess:Limits:UploadTimeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ProcessorTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest side of the downscaled analysis copy (default 512) that processors which do not need full
    /// resolution share.
    /// </summary>
    [Range(32, 8192)]
    public int AnalysisMaxSide { get; set; } = 512;

    /// <summary>Decodes running at once on one silo (default: the number of cores); more wait their turn.</summary>
    [Range(0, 1024)]
    public int MaxConcurrentDecodes { get; set; }

    /// <summary>
    /// The library that decodes JPEG pixels (default libjpeg-turbo; ImageSharp decodes CMYK, YCCK, 12-bit and lossless
    /// files, which it declines; damaged entropy data is refused).
    /// </summary>
    public JpegLibrary JpegLibrary { get; set; } = JpegLibrary.LibjpegTurbo;

    /// <summary>
    /// The library that decodes PNG pixels (default Skia; ImageSharp decodes any file it declines: 16-bit channels, a CRC or zlib error,
    /// data that ends early).
    /// </summary>
    public PngLibrary PngLibrary { get; set; } = PngLibrary.Skia;

    /// <summary>Display names of processors switched off; they do not run and are not listed.</summary>
    public IList<string> Disabled { get; set; } = [];

    /// <summary>Display names of processors moved to run after the answer (deferred), whatever they declare.</summary>
    public IList<string> Deferred { get; set; } = [];

    /// <summary>Display names of processors moved to run before the answer (inline), whatever they declare.</summary>
    public IList<string> Inline { get; set; } = [];

    /// <summary>Deferred processors running at once on one silo (default 0: half the cores, at least 1); more wait in the queue.</summary>
    [Range(0, 1024)]
    public int MaxConcurrentDeferred { get; set; }

    /// <summary>
    /// When set (e.g. <c>00:00:00.200</c>), registers the <c>Delay</c> processor, deferred, which waits this long: a drill for
    /// the deferred path in load tests and fault drills (default unset: not registered).
    /// </summary>
    public TimeSpan DelayProcessor { get; set; }

    /// <summary>How long a deferred processor whose run meets an outage is retried, with growing pauses (default 1 hour).</summary>
    public TimeSpan DeferredRetryFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The decoded pixels one silo holds at once (default 0: a sixteenth of the memory the process may use, counted in
    /// pixels, between 16 and 100 megapixels): further images wait until the pixels before them are released. An image
    /// larger than the budget is decoded alone.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MaxDecodedPixels { get; set; }

    /// <summary>The effective pixel budget of a silo.</summary>
    public long EffectiveMaxDecodedPixels => MaxDecodedPixels > 0 ? MaxDecodedPixels
        : Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16, 16_000_000, 100_000_000);

    /// <summary>The effective number of concurrent decodes.</summary>
    public int EffectiveConcurrentDecodes => MaxConcurrentDecodes > 0 ? MaxConcurrentDecodes : Environment.ProcessorCount;
}
