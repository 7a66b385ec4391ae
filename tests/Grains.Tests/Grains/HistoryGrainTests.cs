using ImgProcess.Grains.History;

namespace ImgProcess.Grains.Tests.Grains;

public sealed class HistoryGrainTests : IAsyncLifetime
{
    private readonly ClusterFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task Pages_are_newest_first_across_segment_boundaries_and_survive_reactivation()
    {
        var history = fixture.Grains.GetGrain<IHistoryGrain>(HistoryLayout.HeadKey);
        var total = HistoryLayout.SegmentSize + 44;
        for (var i = 0; i < total; i++)
        {
            var sequence = await history.Add(new HistoryEntry($"id{i}", $"{i}.png", $"name{i}", DateTimeOffset.UnixEpoch.AddSeconds(i)));
            Assert.Equal(i, sequence);
        }

        // Deactivate the head and the segments: the next read comes from storage.
        await fixture.Cluster.DeactivateAsync(history);
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IHistorySegmentGrain>(0));
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IHistorySegmentGrain>(1));

        var newest = await history.GetNewest(0, 5);
        Assert.Equal(total, newest.Total);
        Assert.Equal(["id299", "id298", "id297", "id296", "id295"], newest.Entries.Select(e => e.ImageId));

        // Skip 40: entries 259 down to 250 span segment 1 (256..) and segment 0 (..255).
        var straddling = await history.GetNewest(40, 10);
        Assert.Equal(Enumerable.Range(250, 10).Reverse().Select(i => $"id{i}"), straddling.Entries.Select(e => e.ImageId));

        var last = await history.GetNewest(total - 3, 20);
        Assert.Equal(["id2", "id1", "id0"], last.Entries.Select(e => e.ImageId));

        Assert.Empty((await history.GetNewest(total, 20)).Entries);

        var next = await history.Add(new HistoryEntry("after", "a.png", "after", DateTimeOffset.UnixEpoch));
        Assert.Equal(total, next);
    }
}
