using ImgProcess.Grains.History;
using ImgProcess.Tests;

namespace ImgProcess.Grains.Tests.Grains;

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
