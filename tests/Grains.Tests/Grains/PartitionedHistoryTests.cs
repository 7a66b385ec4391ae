using ImgProcess.Grains.History;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Tests.Grains;

/// <summary>The merged partitions read exactly like one list of the same uploads: newest first, skips, cursors, totals, deletes.</summary>
public sealed class PartitionedHistoryTests : IAsyncLifetime
{
    private const int Partitions = 4;
    private readonly ClusterFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    private HistoryReader Reader => new(fixture.Grains, Options.Create(new HistoryOptions { Partitions = Partitions }));

    [Fact]
    public async Task Pages_cursors_and_totals_over_partitions_equal_those_of_one_list_of_the_same_uploads()
    {
        // Uploads arrive one run at a time, each run in the partition its first id hashes to: every partition gets several
        // segments (so the reader's count search and the segment jumps are both exercised), interleaved in time.
        var model = new List<HistoryEntry>();
        var positions = new Dictionary<string, HistoryPosition>();
        var random = new Random(7);
        while (model.Count < 2400)
        {
            var run = Enumerable.Range(model.Count, random.Next(1, 40)).Select(i => new HistoryEntry($"u{i:D5}", $"{i}.png", $"n{i}", DateTimeOffset.UnixEpoch)).ToList();
            var partition = HistoryLayout.PartitionOf(run[0].ImageId, Partitions);
            var first = (await Reader.Partition(partition).AddRange(run))!;
            for (var i = 0; i < run.Count; i++)
            {
                positions[run[i].ImageId] = first with { Sequence = first.Sequence + i };
            }

            model.AddRange(run);
        }

        // Delete a tenth, scattered, and a whole run of 300 (segments with deletions on every partition).
        var deleted = model.Where((_, i) => i % 10 == 3 || (i >= 1000 && i < 1300)).ToList();
        foreach (var entry in deleted)
        {
            var position = positions[entry.ImageId];
            await Reader.Partition(position.Partition).Remove(position.Sequence, entry.ImageId);
        }

        var live = model.Except(deleted).Reverse().Select(e => e.ImageId).ToList();
        foreach (var (skip, take) in new[] { (0, 20), (1, 5), (20, 20), (63, 10), (64, 10), (65, 100), (500, 20), (1000, 37), (1719, 20), (live.Count - 5, 20), (live.Count, 20), (live.Count + 100, 20) })
        {
            var page = await Reader.GetNewestAsync(skip, take);
            Assert.Equal(live.Count, page.Total);
            Assert.Equal(live.Skip(skip).Take(take), page.Entries.Select(e => e.ImageId));
        }

        // Cursor pages walk the whole history without gaps or repeats, also while new uploads arrive at the top.
        var walked = new List<string>();
        var late = 0;
        var cursor = await Reader.GetNewestAsync(0, 50);
        walked.AddRange(cursor.Entries.Select(e => e.ImageId));
        while (cursor.Entries.Count > 0)
        {
            await Reader.Partition(late++ % Partitions).Add(new HistoryEntry($"late{late}", "l.png", "late", DateTimeOffset.UnixEpoch));
            cursor = await Reader.GetOlderThanAsync(cursor.Entries[^1].OrderKey, 50);
            walked.AddRange(cursor.Entries.Select(e => e.ImageId));
        }

        Assert.Equal(live, walked);

        // And after every partition is reactivated from storage, the same answers.
        foreach (var partition in Enumerable.Range(0, Partitions))
        {
            await fixture.Cluster.DeactivateAsync(Reader.Partition(partition));
        }

        var again = await Reader.GetNewestAsync(1000 + late, 37);
        Assert.Equal(live.Skip(1000).Take(37), again.Entries.Select(e => e.ImageId));
        Assert.Equal(live.Count + late, again.Total);
    }

    [Fact]
    public async Task Legacy_entries_without_keys_in_partition_0_sort_below_new_ones_in_append_order()
    {
        // Entries from before partitions carry no key: they order by their sequence, below every keyed entry.
        var legacy = new HistoryEntry("old", "o.png", "o", DateTimeOffset.UnixEpoch) { Sequence = 5 };
        var keyed = new HistoryEntry("new", "n.png", "n", DateTimeOffset.UnixEpoch) { Key = HistoryLayout.KeyAt(DateTimeOffset.UnixEpoch.AddSeconds(1), 3), Partition = 3 };
        Assert.True(legacy.OrderKey < keyed.OrderKey);
        Assert.True(HistoryLayout.LegacyKey(5) < HistoryLayout.LegacyKey(6));
        Assert.Equal(new HistoryPosition(0, 5, HistoryLayout.LegacyKey(5)), legacy.Position);

        // Partition 0's segment keys are the single history's keys of before.
        Assert.Equal(7, HistoryLayout.SegmentKey(0, 7));
        Assert.Equal(3, HistoryLayout.PartitionOfSegment(HistoryLayout.SegmentKey(3, 7)));
        Assert.Equal(7, HistoryLayout.SegmentNumberOf(HistoryLayout.SegmentKey(3, 7)));
        await Task.CompletedTask;
    }
}
