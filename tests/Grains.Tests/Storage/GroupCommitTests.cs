using ImgProcess.Grains.Storage;

namespace ImgProcess.Grains.Tests.Storage;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Items_arriving_during_a_write_are_written_together_by_the_next_and_each_caller_gets_its_own_result()
    {
        var batches = new List<List<int>>();
        var firstWrite = new TaskCompletionSource();
        var commit = new GroupCommit<int, string>(async batch =>
        {
            batches.Add(batch);
            if (batches.Count == 1)
            {
                await firstWrite.Task;
            }

            return [.. batch.Select(i => $"stored {i}")];
        });

        var first = commit.Submit(1);
        var second = commit.Submit(2);
        var third = commit.Submit(3);
        Assert.False(second.IsCompleted);
        firstWrite.SetResult();

        Assert.Equal(["stored 1", "stored 2", "stored 3"], await Task.WhenAll(first, second, third));
        Assert.Equal([[1], [2, 3]], batches);
    }

    [Fact]
    public async Task A_failed_write_fails_exactly_its_callers_and_the_next_write_goes_ahead()
    {
        var gate = new TaskCompletionSource();
        var calls = 0;
        var commit = new GroupCommit<int, int>(async batch =>
        {
            if (++calls == 1)
            {
                await gate.Task;
                throw new InvalidOperationException("disk full");
            }

            return [.. batch];
        });

        var failed = commit.Submit(1);
        var queued = commit.Submit(2);
        gate.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal(2, await queued);
        Assert.Equal(3, await commit.Submit(3));
    }
}
