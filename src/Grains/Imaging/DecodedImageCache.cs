using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Storage;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Imaging;

/// <summary>
/// Decode once per image per silo. Every processor working on the same image on this silo leases the same
/// entry; the bytes are read, the header identified and the pixels decoded at most once, each only when a
/// processor first asks for it, and everything is released when the last lease ends.
/// </summary>
public sealed class DecodedImageCache : IDisposable
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly IBlobStore blobs;
    private readonly ImageDecoding decoding;
    private readonly SemaphoreSlim decodeSlots;
    private readonly PixelBudget pixelBudget;
    private readonly int analysisMaxSide;

    /// <summary>Creates the cache.</summary>
    public DecodedImageCache(IBlobStore blobs, ImageDecoding decoding, IOptions<ProcessingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.blobs = blobs;
        this.decoding = decoding;
        decodeSlots = new SemaphoreSlim(options.Value.EffectiveConcurrentDecodes);
        pixelBudget = new PixelBudget(options.Value.EffectiveMaxDecodedPixels);
        analysisMaxSide = options.Value.AnalysisMaxSide;
    }

    /// <summary>Decodes performed since start; for tests and metrics.</summary>
    public long DecodeCount => Interlocked.Read(ref decodeCount);

    private long decodeCount;

    /// <summary>Decoded pixels held now (the pixel budget's count); for tests and metrics.</summary>
    public long HeldPixels => pixelBudget.Held;

    /// <summary>Images some lease still holds (a processor that outlived its timeout holds its own); for tests and metrics.</summary>
    public int HeldImages
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Takes a lease on <paramref name="image"/>. Nothing is read until the lease is asked for something.</summary>
    public DecodedImageLease Acquire(ImageRef image) => Acquire(image, null, null);

    /// <summary>
    /// Takes a lease on <paramref name="image"/> whose bytes and header the caller already holds (the upload intake of
    /// a gateway that hosts the silo): processors on this silo then neither read the blob back nor identify it again.
    /// </summary>
    public DecodedImageLease Acquire(ImageRef image, byte[]? knownBytes, ImageHeader? knownHeader)
    {
        ArgumentNullException.ThrowIfNull(image);
        lock (entries)
        {
            if (!entries.TryGetValue(image.BlobKey, out var entry))
            {
                entry = new Entry(this, image, knownBytes, knownHeader);
                entries.Add(image.BlobKey, entry);
            }

            entry.Leases++;
            return new DecodedImageLease(this, entry);
        }
    }

    /// <inheritdoc />
    public void Dispose() => decodeSlots.Dispose();

    internal void Release(Entry entry)
    {
        lock (entries)
        {
            if (--entry.Leases > 0)
            {
                return;
            }

            entries.Remove(entry.Image.BlobKey);
        }

        entry.DisposePixels();
    }

    internal sealed class Entry
    {
        private readonly DecodedImageCache owner;
        private readonly Lazy<Task<byte[]>> bytes;
        private readonly Lazy<Task<ImageHeader>> header;
        private readonly Lazy<Task<DecodedImage>> pixels;

        public Entry(DecodedImageCache owner, ImageRef image, byte[]? knownBytes, ImageHeader? knownHeader)
        {
            this.owner = owner;
            Image = image;
            bytes = knownBytes is null ? new(ReadBytesAsync) : new(Task.FromResult(knownBytes));
            header = knownHeader is null ? new(() => ReadHeaderAsync()) : new(Task.FromResult(knownHeader));
            pixels = new(() => Task.Run(DecodeAsync));
        }

        public ImageRef Image { get; }

        public int Leases { get; set; }

        public Task<byte[]> Bytes => bytes.Value;

        public Task<ImageHeader> Header => header.Value;

        public Task<DecodedImage> Pixels => pixels.Value;

        // The share of the pixel budget the decoded image holds, from its admission until it is disposed.
        private IDisposable? budgetShare;

        public void DisposePixels()
        {
            if (!pixels.IsValueCreated)
            {
                return;
            }

            // A decode still running when the last lease ends disposes its result when it completes, and then gives its
            // pixels back to the budget (also when it failed).
            _ = pixels.Value.ContinueWith(
                decoded =>
                {
                    if (decoded.IsCompletedSuccessfully)
                    {
                        decoded.Result.Dispose();
                    }

                    Interlocked.Exchange(ref budgetShare, null)?.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private async Task<byte[]> ReadBytesAsync() =>
            await owner.blobs.ReadAllAsync(Image.BlobKey)
            ?? throw new FileNotFoundException($"The bytes of image {Image.Sha256} are not in the blob store.");

        private async Task<ImageHeader> ReadHeaderAsync()
        {
            var content = await Bytes;
            var format = ImageFormatSniffer.Detect(content.AsSpan(0, Math.Min(content.Length, ImageFormatSniffer.HeaderLength)))
                ?? throw new InvalidDataException("The stored bytes are no longer a recognisable image.");
            return owner.decoding.Identify(content, format);
        }

        private async Task<DecodedImage> DecodeAsync()
        {
            var content = await Bytes;
            var knownHeader = await Header;

            // Memory first (held until the pixels are released), then a core.
            budgetShare = await owner.pixelBudget.AcquireAsync(knownHeader.PixelCount);
            await owner.decodeSlots.WaitAsync();
            try
            {
                Interlocked.Increment(ref owner.decodeCount);
                return new DecodedImage(owner.decoding.Decode(content, knownHeader), owner.analysisMaxSide);
            }
            finally
            {
                owner.decodeSlots.Release();
            }
        }
    }
}
