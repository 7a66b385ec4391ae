using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Processors;
using ImgProcess.Grains.Storage;
using ImgProcess.Grains.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImgProcess.Bench;

/// <summary>
/// The registered processors run in-process, with no HTTP, Orleans or database: the cost of the analysis itself.
/// Uses the same processor classes, decoding configuration and blob store as the service.
/// </summary>
internal sealed class InProcessPipeline : IDisposable
{
    private readonly ServiceProvider services;

    public InProcessPipeline(string dataDirectory, IEnumerable<string>? onlyProcessors = null)
    {
        var settings = new Dictionary<string, string?> { ["ImgProcess:Storage:DataDirectory"] = dataDirectory };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddImgProcessCore(configuration);
        foreach (var type in BuiltInProcessors.All)
        {
            collection.AddImageProcessor(type);
        }

        services = collection.BuildServiceProvider();
        var all = services.GetServices<IImageProcessor>().ToList();
        var only = onlyProcessors?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Processors = only is null ? all : all.Where(p => only.Contains(p.Name)).ToList();
        Decoding = services.GetRequiredService<ImageDecoding>();
        Blobs = services.GetRequiredService<IBlobStore>();
        AnalysisMaxSide = services.GetRequiredService<IOptions<ProcessingOptions>>().Value.AnalysisMaxSide;
        Limits = services.GetRequiredService<IOptions<LimitsOptions>>().Value;
    }

    public LimitsOptions Limits { get; }

    public IReadOnlyList<IImageProcessor> Processors { get; }

    public ImageDecoding Decoding { get; }

    public IBlobStore Blobs { get; }

    public int AnalysisMaxSide { get; }

    public static ImageRef Reference(byte[] bytes, ImageHeader header) =>
        new(BlobKey.ForOriginal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))), "bench", header.Format.Name, header.Width, header.Height, bytes.Length);

    /// <summary>All processors on one image, sharing one decode (what a silo does).</summary>
    public async Task RunDecodeOnceAsync(byte[] bytes)
    {
        var header = Identify(bytes);
        var source = Reference(bytes, header);
        using var decoded = Processors.Any(p => p.Needs != ImageNeed.Header) ? new DecodedImage(Decoding.Decode(bytes), AnalysisMaxSide) : null;
        var input = new ImageInput(source, header, decoded);
        foreach (var processor in Processors)
        {
            ProcessorResultJson.Serialize(await processor.ProcessAsync(input, CancellationToken.None));
        }
    }

    /// <summary>All processors on one image, each reading the header and decoding on its own (the naive way).</summary>
    public async Task RunDecodePerProcessorAsync(byte[] bytes)
    {
        foreach (var processor in Processors)
        {
            var header = Identify(bytes);
            var source = Reference(bytes, header);
            using var decoded = processor.Needs == ImageNeed.Header ? null : new DecodedImage(Decoding.Decode(bytes), AnalysisMaxSide);
            ProcessorResultJson.Serialize(await processor.ProcessAsync(new ImageInput(source, header, decoded), CancellationToken.None));
        }
    }

    private ImageHeader Identify(byte[] bytes) =>
        Decoding.Identify(bytes, ImageFormatSniffer.Detect(bytes) ?? throw new InvalidDataException("not an image"));

    public void Dispose() => services.Dispose();
}
