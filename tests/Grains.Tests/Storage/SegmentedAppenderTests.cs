using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Tests.Storage;

public sealed class SegmentedAppenderTests
{
    [Fact]
    public async Task A_batch_is_split_at_segment_boundaries_and_rolls_over_when_a_segment_is_full()
    {
        var segments = new List<List<int>> { new() { 0 } };
        var appender = new SegmentedAppender<int>(segmentSize: 3) { CountInCurrent = 1 };
        var reported = new List<List<int>>();

        await appender.AppendAsync(
            [1, 2, 3, 4, 5, 6, 7],
            rollOver: () =>
            {
                segments.Add([]);
                appender.CountInCurrent = 0;
                return Task.CompletedTask;
            },
            store: piece =>
            {
                segments[^1].AddRange(piece);
                return Task.FromResult(segments[^1].Count);
            },
            stored: reported.Add,
            prepare: piece => [.. piece.Select(n => n * 10)]);

        Assert.Equal([[0, 10, 20], [30, 40, 50], [60, 70]], segments);
        Assert.Equal([[10, 20], [30, 40, 50], [60, 70]], reported);
        Assert.Equal(2, appender.CountInCurrent);
    }

    [Fact]
    public async Task A_failed_roll_over_stops_the_append_after_what_was_already_stored()
    {
        var appender = new SegmentedAppender<int>(segmentSize: 2);
        var reported = new List<int>();

        await Assert.ThrowsAsync<IOException>(() => appender.AppendAsync(
            [1, 2, 3],
            rollOver: () => Task.FromException(new IOException("the head could not be written")),
            store: piece => Task.FromResult(piece.Count),
            stored: reported.AddRange));

        Assert.Equal([1, 2], reported);
        Assert.Equal(2, appender.CountInCurrent);
    }
}
