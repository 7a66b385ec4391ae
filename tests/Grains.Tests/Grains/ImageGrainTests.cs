using System.Security.Cryptography;
using System.Text.Json;
using ImgProcess.Grains.Content;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.History;
using ImgProcess.Grains.Hosting;
using ImgProcess.Grains.Images;
using ImgProcess.Grains.Imaging;
using ImgProcess.Grains.Processing;
using ImgProcess.Grains.Storage;
using ImgProcess.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace ImgProcess.Grains.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ImageGrainTests(ClusterFixture fixture)
{
    private async Task<ImageRecord> UploadAsync(byte[] bytes, string name = "test.png")
    {
        var result = await fixture.Intake.AcceptAsync(bytes, name);
        Assert.Null(result.Rejection);
        return result.Record!;
    }

    [Fact]
    public async Task A_processed_image_survives_deactivation_with_its_results()
    {
        var record = await UploadAsync(TestImages.RedGreenBluePng(), "rgb.png");
        var grain = fixture.Grains.GetGrain<IImageGrain>(record.Id);

        await fixture.Cluster.DeactivateAsync(grain);
        var reloaded = await grain.GetRecord();

        Assert.NotNull(reloaded);
        Assert.Equal(ImageStatus.Done, reloaded.Status);
        Assert.Equal("rgb.png", reloaded.OriginalName);
        Assert.Equal(0.6375, JsonSerializer.Deserialize<double>(reloaded.Results["Average Pixel Value"]), 12);
        Assert.Equal(record.Image, reloaded.Image);
        Assert.Equal(record.History, reloaded.History);
    }

    [Fact]
    public async Task A_throwing_processor_lands_in_errors_and_the_others_still_answer()
    {
        var record = await UploadAsync(TestImages.RedGreenBluePng());

        Assert.Contains("always fails", record.Errors[ThrowingProcessor.DisplayName], StringComparison.Ordinal);
        Assert.False(record.Results.ContainsKey(ThrowingProcessor.DisplayName));
        Assert.True(record.Results.ContainsKey("Average Pixel Value"));
        Assert.Equal("400", record.Results[PixelCountProcessor.DisplayName]);
        Assert.Equal(ImageStatus.Done, record.Status);
    }

    [Fact]
    public async Task Every_built_in_answers_beside_a_failing_and_a_timed_out_processor()
    {
        var record = await UploadAsync(TestImages.TestCardJpeg(640, 480), "card.jpg");

        string[] builtIns = ["Average Pixel Value", "Format and Dimensions", "EXIF", "Histogram", "Dominant Colours", "Perceptual Hash", "Sharpness", "Thumbnail", "Placeholder"];
        Assert.Equal([.. builtIns, PixelCountProcessor.DisplayName, RunCountProcessor.DisplayName], record.Results.Keys);
        Assert.Equal([ThrowingProcessor.DisplayName, SlowProcessor.DisplayName], record.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_recipe_works_for_a_processor_defined_outside_the_library()
    {
        // PixelCountProcessor lives only in this test project and is registered with AddImageProcessor<T>().
        var listed = await fixture.Grains.GetGrain<IProcessorCatalogGrain>(0).List();
        Assert.Contains(listed, p => p.Name == PixelCountProcessor.DisplayName && p.Needs == ImgProcess.Grains.Processors.ImageNeed.FullImage);

        var record = await UploadAsync(TestImages.SolidJpeg(21, 2, new(0, 0, 0)), "tiny.jpg");
        Assert.Equal("42", record.Results[PixelCountProcessor.DisplayName]);
    }

    [Fact]
    public async Task A_slow_processor_times_out_without_holding_up_the_upload()
    {
        var started = DateTime.UtcNow;
        var record = await UploadAsync(TestImages.SolidJpeg(32, 32, new(9, 9, 9)), "slow.jpg");
        var took = DateTime.UtcNow - started;

        Assert.StartsWith("Timed out after", record.Errors[SlowProcessor.DisplayName], StringComparison.Ordinal);
        Assert.True(record.Results.ContainsKey("Average Pixel Value"));
        // The slow processor sleeps 4 s; the upload must answer once the 0.8 s timeout passes.
        Assert.True(took < TimeSpan.FromSeconds(3.5), $"upload took {took}");
    }

    [Fact]
    public async Task Processors_on_one_silo_share_one_decode_per_image()
    {
        var cache = fixture.SiloService<DecodedImageCache>();
        var before = cache.DecodeCount;

        await UploadAsync(TestImages.TestCardJpeg(300, 200), "card.jpg");

        // Average Pixel Value and Pixel Count both need pixels; the image is decoded once.
        Assert.Equal(1, cache.DecodeCount - before);
    }

    [Fact]
    public async Task The_intake_decodes_new_bytes_once_and_bytes_processed_before_not_at_all()
    {
        var cache = fixture.SiloService<DecodedImageCache>();
        var bytes = TestImages.Stamped(TestImages.TestCardJpeg(300, 200), Guid.NewGuid().ToString());
        var before = cache.DecodeCount;

        // The intake starts the decode while it stores the bytes; the processors use that one.
        await UploadAsync(bytes, "new.jpg");
        Assert.Equal(1, cache.DecodeCount - before);

        // The same bytes again, once no lease keeps the first decode (the slow test processor holds one for 4 s): the
        // content has results, so nothing is decoded, not even in the background.
        for (var waited = 0; cache.HeldImages > 0 && waited < 100; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(0, cache.HeldImages);
        await UploadAsync(bytes, "again.jpg");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, cache.DecodeCount - before);
    }

    // What the intake does before it calls the grain: the content's reference taken, the bytes stored unless not yet.
    private async Task<(string Id, ImageUpload Upload, byte[] Bytes)> DirectUploadAsync(bool storeBytes = true)
    {
        var bytes = TestImages.Stamped(TestImages.RedGreenBluePng(), Guid.NewGuid().ToString());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var header = fixture.SiloService<ImageDecoding>().Identify(bytes, ImageFormatSniffer.Png);
        var image = new ImageRef(BlobKey.ForOriginal(sha256), sha256, "PNG", header.Width, header.Height, bytes.LongLength);
        var id = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IContentGrain>(sha256).Acquire(id, writeWithResults: true);
        if (storeBytes)
        {
            await fixture.SiloService<IBlobStore>().PutAsync(image.BlobKey, bytes);
        }

        return (id, new ImageUpload("direct.png", $"{id}.png", "image/png", image, DateTimeOffset.UtcNow), bytes);
    }

    [Fact]
    public async Task An_upload_is_one_line_record_pending_then_results_then_record_done_then_its_history_entry()
    {
        var (id, upload, _) = await DirectUploadAsync();
        var history = fixture.SiloService<HistoryReader>();

        var processing = fixture.Grains.GetGrain<IImageGrain>(id).Process(upload);

        // The test processor that sleeps past its 0.8-s timeout keeps the processors running: the record is on disk
        // already, pending, and the upload is not listed.
        var during = await StoredAsync(id);
        for (var waited = 0; !during.RecordExists && waited < 60; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
            during = await StoredAsync(id);
        }

        Assert.False(processing.IsCompleted, "the upload finished before its record was seen on disk");
        Assert.Equal((ImageStatus.Pending, "1"), (during.State!.Status, during.ETag));
        Assert.DoesNotContain((await history.GetNewestAsync(0, 100)).Entries, e => e.ImageId == id);

        var record = await processing;
        var after = await StoredAsync(id);
        Assert.Equal((ImageStatus.Done, "2"), (after.State!.Status, after.ETag));
        Assert.Single((await history.GetNewestAsync(0, 100)).Entries, e => e.ImageId == id);
        Assert.Equal(HistoryLayout.PartitionOf(id, fixture.SiloService<IOptions<HistoryOptions>>().Value.Partitions), record.History.Partition);
    }

    [Fact]
    public async Task An_upload_processed_again_after_its_activation_is_lost_is_listed_once_in_the_same_place()
    {
        // As after a silo's death between the history add and the answer: the caller calls again, a new activation answers.
        var (id, upload, _) = await DirectUploadAsync();
        var grain = fixture.Grains.GetGrain<IImageGrain>(id);
        var first = await grain.Process(upload);
        await fixture.Cluster.DeactivateAsync(grain);
        var partition = fixture.SiloService<HistoryReader>().Partition(first.History.Partition);
        await fixture.Cluster.DeactivateAsync(partition);

        var again = await grain.Process(upload);

        Assert.Equal(first.Results, again.Results);
        var listed = (await fixture.SiloService<HistoryReader>().GetNewestAsync(0, 100)).Entries.Where(e => e.ImageId == id).ToList();
        var entry = Assert.Single(listed);
        Assert.Equal(entry.Position, await partition.Find(id, upload.UploadedAt));
    }

    [Fact]
    public async Task A_results_write_that_fails_answers_503_and_lists_nothing_and_the_retry_lists_the_upload_once()
    {
        var (id, upload, _) = await DirectUploadAsync();
        var grain = fixture.Grains.GetGrain<IImageGrain>(id);
        var history = fixture.SiloService<HistoryReader>();
        fixture.FailContentStores(1);

        await Assert.ThrowsAsync<ServiceUnavailableException>(() => grain.Process(upload));
        Assert.DoesNotContain((await history.GetNewestAsync(0, 100)).Entries, e => e.ImageId == id);
        Assert.Null(await grain.GetRecord());

        var record = await grain.Process(upload);
        Assert.Equal(ImageStatus.Done, record.Status);
        Assert.Single((await history.GetNewestAsync(0, 100)).Entries, e => e.ImageId == id);
    }

    [Fact]
    public async Task An_abandoned_upload_is_removed_with_its_entry_and_its_content_reference()
    {
        var (id, upload, _) = await DirectUploadAsync();
        var grain = fixture.Grains.GetGrain<IImageGrain>(id);
        await grain.Process(upload);

        // As when the caller's deadline passed just after the upload was listed: it answered 503, so nothing may stay.
        await grain.Abandon(upload.Image.Sha256);

        var history = fixture.SiloService<HistoryReader>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await grain.GetRecord()) is not null && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.Null(await grain.GetRecord());
        Assert.DoesNotContain((await history.GetNewestAsync(0, 100)).Entries, e => e.ImageId == id);
        Assert.DoesNotContain(id, await fixture.Grains.GetGrain<IContentGrain>(upload.Image.Sha256).References());
    }

    [Fact]
    public async Task An_abandoned_upload_that_never_reached_its_grain_gives_back_its_content_reference()
    {
        var (id, upload, _) = await DirectUploadAsync();
        var content = fixture.Grains.GetGrain<IContentGrain>(upload.Image.Sha256);
        Assert.Contains(id, await content.References());

        await fixture.Grains.GetGrain<IImageGrain>(id).Abandon(upload.Image.Sha256);

        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await content.References()).Contains(id) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain(id, await content.References());
    }

    private async Task<GrainState<ImageState>> StoredAsync(string id)
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var stored = new GrainState<ImageState>();
        await storage.ReadStateAsync("image", fixture.Grains.GetGrain<IImageGrain>(id).GetGrainId(), stored);
        return stored;
    }

    [Fact]
    public async Task Reprocessing_one_upload_updates_every_upload_of_the_same_bytes()
    {
        var bytes = TestImages.Stamped(TestImages.RedGreenBluePng(), Guid.NewGuid().ToString());
        var first = await UploadAsync(bytes, "first.png");
        var second = await UploadAsync(bytes, "second.png");
        Assert.True(second.Deduplicated);
        Assert.Equal("1", second.Results[RunCountProcessor.DisplayName]);

        var reprocessed = await fixture.Grains.GetGrain<IImageGrain>(first.Id).Reprocess();
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IImageGrain>(second.Id));
        var other = await fixture.Grains.GetGrain<IImageGrain>(second.Id).GetRecord();

        Assert.Equal("2", reprocessed!.Results[RunCountProcessor.DisplayName]);
        Assert.Equal("2", other!.Results[RunCountProcessor.DisplayName]);
        Assert.Equal(reprocessed.Results, other.Results);
    }

    [Fact]
    public async Task Identical_bytes_are_stored_once_under_their_hash()
    {
        var bytes = TestImages.SolidJpeg(16, 16, new(1, 2, 3));
        var first = await UploadAsync(bytes, "a.jpg");
        var second = await UploadAsync(bytes, "b.jpg");

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Image.BlobKey, second.Image.BlobKey);
        var stored = await fixture.SiloService<IBlobStore>().ReadAllAsync(first.Image.BlobKey);
        Assert.Equal(bytes, stored);
    }
}
