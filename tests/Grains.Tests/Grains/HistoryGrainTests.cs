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
        var history = fixture.Grains.GetGrain<IHistoryGrain>(0);
        var total = HistoryLayout.SegmentSize + 44;
        for (var i = 0; i < total; i++)
        {
            var position = await history.Add(new HistoryEntry($"id{i}", $"{i}.png", $"name{i}", DateTimeOffset.UnixEpoch.AddSeconds(i)));
            Assert.Equal(i, position.Sequence);
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
        Assert.Equal(total, next.Sequence);
    }

    [Fact]
    public async Task Concurrent_appends_across_a_segment_boundary_get_distinct_contiguous_positions_and_are_all_stored()
    {
        var history = fixture.Grains.GetGrain<IHistoryGrain>(0);
        var total = HistoryLayout.SegmentSize + 50;

        // All at once: the head groups them into few writes, and may roll over to the next segment mid-batch.
        var sequences = await Task.WhenAll(Enumerable.Range(0, total).Select(i =>
            history.Add(new HistoryEntry($"c{i}", $"{i}.png", $"n{i}", DateTimeOffset.UnixEpoch.AddSeconds(i)))));

        Assert.Equal(Enumerable.Range(0, total).Select(i => (long)i), sequences.Select(p => p.Sequence).Order());
        await fixture.Cluster.DeactivateAsync(history);
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IHistorySegmentGrain>(0));
        await fixture.Cluster.DeactivateAsync(fixture.Grains.GetGrain<IHistorySegmentGrain>(1));
        var stored = await history.GetNewest(0, total);
        Assert.Equal(total, stored.Total);
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"c{i}").Order(), stored.Entries.Select(e => e.ImageId).Order());
        for (var i = 0; i < total; i++)
        {
            // Each caller got the position its own entry was stored at.
            Assert.Equal($"c{i}", stored.Entries.Single(e => e.Position == sequences[i]).ImageId);
        }
    }

    [Fact]
    public async Task Deleted_entries_are_skipped_by_page_and_cursor_reads_and_leave_the_total()
    {
        var history = fixture.Grains.GetGrain<IHistoryGrain>(0);
        var first = (await history.AddRange(Enumerable.Range(0, 600).Select(i => new HistoryEntry($"d{i}", $"{i}.png", $"n{i}", DateTimeOffset.UnixEpoch)).ToList()))!.Sequence;
        var before = (await history.GetNewest(0, 1)).Total;
        var keys = (await history.GetNewest(0, 600)).Entries.ToDictionary(e => e.ImageId, e => e.OrderKey);

        // Delete a whole segment's worth in the middle and a few around it; a wrong id is ignored.
        foreach (var i in Enumerable.Range(250, 270).Append(5).Append(599))
        {
            await history.Remove(first + i, $"d{i}");
        }

        await history.Remove(first + 6, "someone-else");
        await history.Remove(first + 5, "d5");
        await fixture.Cluster.DeactivateAsync(history);

        var newest = await history.GetNewest(0, 3);
        Assert.Equal(before - 272, newest.Total);
        Assert.Equal(["d598", "d597", "d596"], newest.Entries.Select(e => e.ImageId));

        // Live entries newest first: 598..520, then 249..6, 4..0. Skip 79 lands on d249.
        var across = await history.GetNewest(78, 3);
        Assert.Equal(["d520", "d249", "d248"], across.Entries.Select(e => e.ImageId));

        var cursor = await history.GetOlderThan(keys["d520"], 3);
        Assert.Equal(["d249", "d248", "d247"], cursor.Entries.Select(e => e.ImageId));
        Assert.Equal(first + 247, cursor.Entries[^1].Sequence);

        var tail = await history.GetOlderThan(keys["d7"], 10);
        Assert.Equal(["d6", "d4", "d3", "d2", "d1", "d0"], tail.Entries.Select(e => e.ImageId));
    }

    [Fact]
    public async Task Paging_jumps_full_segments_on_both_sides_of_a_segment_with_deletions()
    {
        var history = fixture.Grains.GetGrain<IHistoryGrain>(0);
        var first = (await history.AddRange(Enumerable.Range(0, 1000).Select(i => new HistoryEntry($"j{i}", $"{i}.png", $"n{i}", DateTimeOffset.UnixEpoch)).ToList()))!.Sequence;
        foreach (var i in Enumerable.Range(300, 10))
        {
            await history.Remove(first + i, $"j{i}");
        }

        // Live, newest first: 999..310 (690 entries, across the current segment, full segment 2 and part of 1), then 299..0.
        Assert.Equal(["j310", "j299", "j298"], (await history.GetNewest(689, 3)).Entries.Select(e => e.ImageId));
        Assert.Equal(["j289", "j288", "j287"], (await history.GetNewest(700, 3)).Entries.Select(e => e.ImageId));
        Assert.Equal(["j1", "j0"], (await history.GetNewest(988, 3)).Entries.Select(e => e.ImageId));
        Assert.Empty((await history.GetNewest(990, 3)).Entries);
        Assert.Equal(990, (await history.GetNewest(0, 1)).Total);
    }

    [Fact]
    public async Task Adding_an_upload_again_keeps_one_entry_in_the_same_place_recent_or_old_and_after_reactivation()
    {
        // Uploads of three hours ago (the silo's clock set back), then a few of now.
        var history = fixture.Grains.GetGrain<IHistoryGrain>(0);
        fixture.Clock.Offset = TimeSpan.FromHours(-3);
        var entries = new List<HistoryEntry>();
        var positions = new List<HistoryPosition>();
        for (var i = 0; i < (3 * HistoryLayout.SegmentSize) + 5; i++)
        {
            if (i == 3 * HistoryLayout.SegmentSize)
            {
                fixture.Clock.Offset = TimeSpan.Zero;
            }

            entries.Add(new HistoryEntry($"a{i}", $"{i}.png", $"name{i}", fixture.Clock.GetUtcNow()));
            positions.Add(await history.Add(entries[^1]));
        }

        // Two calls of one upload at once, the newest entry, and an old one (segments back, in memory or read).
        var twice = await Task.WhenAll(history.Add(entries[^1]), history.Add(entries[^1]));
        Assert.All(twice, p => Assert.Equal(positions[^1], p));
        Assert.Equal(positions[0], await history.Add(entries[0]));

        // A new activation holds only the newest segments and entries of the last minutes: older ones are read.
        await fixture.Cluster.DeactivateAsync(history);
        Assert.Equal(positions[^2], await history.Add(entries[^2]));
        Assert.Equal(positions[3], await history.Add(entries[3]));
        Assert.Equal(positions[HistoryLayout.SegmentSize + 9], await history.Add(entries[HistoryLayout.SegmentSize + 9]));
        Assert.Equal(entries.Count, (await history.Summary()).Total);
    }

    [Fact]
    public async Task An_entry_is_found_and_removed_by_image_id_and_upload_time()
    {
        // The first segment three hours ago (the silo's clock set back), the next one now.
        var history = fixture.Grains.GetGrain<IHistoryGrain>(1);
        fixture.Clock.Offset = TimeSpan.FromHours(-3);
        var uploadedAt = new List<DateTimeOffset>();
        var positions = new List<HistoryPosition>();
        for (var i = 0; i < (2 * HistoryLayout.SegmentSize) + 3; i++)
        {
            if (i == HistoryLayout.SegmentSize)
            {
                fixture.Clock.Offset = TimeSpan.Zero;
            }

            uploadedAt.Add(fixture.Clock.GetUtcNow());
            positions.Add(await history.Add(new HistoryEntry($"r{i}", $"{i}.png", $"name{i}", uploadedAt[^1])));
        }

        await fixture.Cluster.DeactivateAsync(history);
        Assert.Equal(positions[7], await history.Find("r7", uploadedAt[7]));
        Assert.Null(await history.Find("never-added", uploadedAt[7]));

        // One in the segment being filled, one in the oldest segment (read from storage), one that is not there, and one again.
        var newestButOne = (2 * HistoryLayout.SegmentSize) + 1;
        await history.Remove($"r{newestButOne}", uploadedAt[newestButOne]);
        await history.Remove("r7", uploadedAt[7]);
        await history.Remove("never-added", uploadedAt[0]);
        await history.Remove("r7", uploadedAt[7]);

        var newest = await history.GetNewest(0, 3);
        Assert.Equal((2 * HistoryLayout.SegmentSize) + 1, newest.Total);
        Assert.Equal([$"r{newestButOne + 1}", $"r{newestButOne - 1}", $"r{newestButOne - 2}"], newest.Entries.Select(e => e.ImageId));
        Assert.DoesNotContain((await history.GetNewest(0, 1000)).Entries, e => e.ImageId == "r7");
    }
}
