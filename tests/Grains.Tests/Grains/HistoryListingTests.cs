using ImgProcess.Grains.History;
using ImgProcess.Grains.Images;
using ImgProcess.Tests;

namespace ImgProcess.Grains.Tests.Grains;

/// <summary>An upload whose history partition does not answer is listed in the next one, once.</summary>
public sealed class HistoryListingTests : IAsyncLifetime
{
    private readonly ClusterFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    // An upload whose first history append (to its preferred partition) is held until the gate is released. Every
    // partition is active before the hold, so the next one answers within the 1 s append timeout on a busy machine
    // (CI once saw a cold partition miss it, and the upload land one further).
    private async Task<(HistoryReader History, int Partitions, ImageRecord Record)> UploadWithItsFirstAppendHeldAsync(string fileName)
    {
        var history = fixture.SiloService<HistoryReader>();
        var partitions = fixture.SiloService<Microsoft.Extensions.Options.IOptions<HistoryOptions>>().Value.Partitions;
        await history.GetNewestAsync(0, 1);
        fixture.Gate.HoldNext(1);

        var result = await fixture.Intake.AcceptAsync(TestImages.RedGreenBluePng(), fileName);
        return (history, partitions, result.Record ?? throw new InvalidOperationException(result.Rejection?.Details));
    }

    [Fact]
    public async Task A_partition_that_does_not_answer_is_skipped_and_its_late_copy_is_cleaned_up()
    {
        var (history, partitions, record) = await UploadWithItsFirstAppendHeldAsync("held.png");
        var preferred = HistoryLayout.PreferredPartition(record.Id, partitions);
        // Normally the next partition; on a machine busy enough that it too misses the timeout, one further.
        Assert.NotEqual(preferred, record.History.Partition);
        Assert.Contains(record.History.Partition, new[] { (preferred + 1) % partitions, (preferred + 2) % partitions });

        // The held append now completes: the preferred partition stores a copy that the upload's record does not point to.
        fixture.Gate.Release();
        var held = history.Partition(preferred);
        var listed = (await history.GetNewestAsync(0, 10)).Entries.Where(e => e.ImageId == record.Id).ToList();
        Assert.Contains(listed, e => e.Position == record.History);
        Assert.All(listed.Where(e => e.Position != record.History), e => Assert.NotEqual(record.History.Partition, e.Partition));

        // The released append lands (its write may still be running: wait for it, briefly, so the loop below cannot
        // end before it), and the upload cleans it up in the background (first attempt a second after the upload's append).
        var landed = DateTime.UtcNow.AddSeconds(3);
        while ((await held.Summary()).Total == 0 && DateTime.UtcNow < landed)
        {
            await Task.Delay(50);
        }

        var until = DateTime.UtcNow.AddSeconds(20);
        while (((await held.Summary()).Total > 0 || (await history.GetNewestAsync(0, 10)).Total > 1) && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, (await held.Summary()).Total);
        var page = await history.GetNewestAsync(0, 10);
        Assert.Equal(1, page.Total);
        Assert.Equal(record.History, Assert.Single(page.Entries).Position);
        Assert.Equal(record.History, (await fixture.Grains.GetGrain<IImageGrain>(record.Id).GetRecord())!.History);
    }

    [Fact]
    public async Task A_late_copy_that_commits_after_the_first_clean_up_attempt_is_removed_by_a_later_one()
    {
        var (history, partitions, record) = await UploadWithItsFirstAppendHeldAsync("held long.png");
        var held = history.Partition(HistoryLayout.PreferredPartition(record.Id, partitions));

        // The first clean-up attempt (a second after the upload's append) finds nothing: the held append has not landed.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(0, (await held.Summary()).Total);
        fixture.Gate.Release();
        var landed = DateTime.UtcNow.AddSeconds(3);
        while ((await held.Summary()).Total == 0 && DateTime.UtcNow < landed)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, (await held.Summary()).Total);
        Assert.Equal(2, (await history.GetNewestAsync(0, 10)).Total);

        // The next attempt, five seconds after the first, removes it.
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await held.Summary()).Total > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, (await held.Summary()).Total);
        var page = await history.GetNewestAsync(0, 10);
        Assert.Equal(record.History, Assert.Single(page.Entries).Position);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task The_clean_up_of_one_activations_timed_out_append_never_removes_the_entry_another_activation_listed()
    {
        var history = fixture.SiloService<HistoryReader>();
        var options = fixture.SiloService<Microsoft.Extensions.Options.IOptions<HistoryOptions>>().Value;
        await history.GetNewestAsync(0, 1);
        var imageId = Guid.CreateVersion7().ToString("N");
        var entry = new HistoryEntry(imageId, $"{imageId}.png", "two activations.png", DateTimeOffset.UtcNow);
        var held = history.Partition(HistoryLayout.PreferredPartition(imageId, options.Partitions));

        // The first activation's append to the preferred partition is held past the timeout: the upload is listed one
        // further, and the held append then stores a copy in the preferred partition, for the first's clean-up.
        fixture.Gate.HoldNext(1);
        var first = new HistoryListing(fixture.Grains, options, imageId);
        var firstPosition = await first.AppendAsync(entry);
        var firstListed = DateTime.UtcNow;
        fixture.Gate.Release();
        var landed = DateTime.UtcNow.AddSeconds(3);
        while ((await held.Summary()).Total == 0 && DateTime.UtcNow < landed)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, (await held.Summary()).Total);

        // A second activation of the upload (a silo lost, a duplicate activation) knows nothing of the first's appends:
        // it removes every entry of the upload from the partitions it could be in, then lists it in the preferred one.
        var second = new HistoryListing(fixture.Grains, options, imageId);
        second.AssumeUnknownCopiesInEveryCandidate();
        var secondPosition = await second.AppendAsync(entry);
        Assert.NotEqual(firstPosition.Partition, secondPosition.Partition);

        // The first's clean-up runs on (attempts 1 and 6 s after its listing): it removes only its own append's copies.
        await Task.Delay(firstListed.AddSeconds(8) - DateTime.UtcNow);
        var page = await history.GetNewestAsync(0, 10);
        Assert.Equal(secondPosition, Assert.Single(page.Entries).Position);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task An_append_beside_a_results_write_that_failed_is_removed_before_the_retry_lists_the_upload_once()
    {
        var history = fixture.SiloService<HistoryReader>();
        fixture.FailContentStores(1);

        // The intake retries the grain call once after an outage: the second call's append must not list it twice.
        var result = await fixture.Intake.AcceptAsync(TestImages.LandscapeJpeg(160, 120, seed: 11), "store-failed-once.jpg");
        var record = result.Record ?? throw new InvalidOperationException(result.Rejection?.Details);

        Assert.Equal(ImageStatus.Done, record.Status);
        var page = await history.GetNewestAsync(0, 10);
        Assert.Equal(1, page.Total);
        Assert.Equal(record.History, Assert.Single(page.Entries).Position);
    }

    [Fact]
    public async Task The_first_appends_clean_up_never_removes_the_entry_a_retry_stored_in_the_partition_it_gave_up_on()
    {
        var history = fixture.SiloService<HistoryReader>();
        await history.GetNewestAsync(0, 1);

        // The first append waits past its 1-s timeout in the preferred partition and lands in the next; the results'
        // write beside it fails, so the intake retries, and the preferred partition answers again when the retry appends.
        fixture.Gate.HoldNext(1);
        fixture.FailContentStores(1, onFailure: () => _ = Task.Delay(TimeSpan.FromMilliseconds(1300)).ContinueWith(_ => fixture.Gate.Release(), TaskScheduler.Default));
        var result = await fixture.Intake.AcceptAsync(TestImages.LandscapeJpeg(160, 120, seed: 13), "retried-into-preferred.jpg");
        var record = result.Record ?? throw new InvalidOperationException(result.Rejection?.Details);

        // The first append's clean-up of the partition it gave up on runs 1 s and 5 s after it: the entry stays.
        await Task.Delay(TimeSpan.FromSeconds(7));
        var page = await history.GetNewestAsync(0, 10);
        Assert.Contains(page.Entries, e => e.Position == record.History);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task An_upload_whose_results_cannot_be_written_is_503_and_leaves_no_history_entry()
    {
        var history = fixture.SiloService<HistoryReader>();
        fixture.FailContentStores(2);

        await Assert.ThrowsAsync<ImgProcess.Grains.Faults.ServiceUnavailableException>(
            () => fixture.Intake.AcceptAsync(TestImages.LandscapeJpeg(160, 120, seed: 12), "store-failed.jpg"));

        // The entries its two appends stored are removed in the background (by the grain, and by the intake's clean-up).
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await history.GetNewestAsync(0, 10)).Total > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, (await history.GetNewestAsync(0, 10)).Total);
    }
}

/// <summary>The upload's answer does not wait for the similarity index; its hash gets there once the index is back.</summary>
public sealed class IndexHandOverTests : IAsyncLifetime
{
    private readonly ClusterFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task An_upload_is_answered_while_the_index_is_down_and_its_hash_is_indexed_after_the_partition_reactivates()
    {
        var index = fixture.SiloService<ImgProcess.Grains.Similarity.SimilarityIndex>();
        fixture.IndexUnavailable = true;
        var result = await fixture.Intake.AcceptAsync(TestImages.LandscapeJpeg(320, 240, seed: 5), "while-down.jpg");
        var record = result.Record ?? throw new InvalidOperationException(result.Rejection?.Details);
        var hash = record.SimilarityHash ?? throw new InvalidOperationException("the upload has no perceptual hash");
        Assert.DoesNotContain(await index.FindNearAsync(hash, 0, 10), c => c.Sha256 == record.Image.Sha256);

        // The partition's activation ends with the hand-over unfinished; the next one starts it again from storage.
        var partition = fixture.SiloService<HistoryReader>().Partition(record.History.Partition);
        await fixture.Cluster.DeactivateAsync(partition);
        fixture.IndexUnavailable = false;
        await partition.Summary();

        var until = DateTime.UtcNow.AddSeconds(10);
        while (!(await index.FindNearAsync(hash, 0, 10)).Any(c => c.Sha256 == record.Image.Sha256) && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        Assert.Contains(await index.FindNearAsync(hash, 0, 10), c => c.Sha256 == record.Image.Sha256);
    }
}
