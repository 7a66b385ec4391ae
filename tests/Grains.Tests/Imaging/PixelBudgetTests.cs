using ImgProcess.Grains.Imaging;

namespace ImgProcess.Grains.Tests.Imaging;

public sealed class PixelBudgetTests
{
    [Fact]
    public async Task Images_are_admitted_while_their_pixels_fit_and_the_next_waits_for_a_release()
    {
        var budget = new PixelBudget(100);
        var first = await budget.AcquireAsync(60);
        var second = await budget.AcquireAsync(40);
        var third = budget.AcquireAsync(10);

        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        Assert.Equal(100, budget.Held);

        first.Dispose();
        (await third).Dispose();
        second.Dispose();
        first.Dispose(); // twice is once
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task An_image_larger_than_the_budget_is_admitted_alone()
    {
        var budget = new PixelBudget(100);
        var small = await budget.AcquireAsync(1);
        var huge = budget.AcquireAsync(1_000);
        await Task.Delay(50);
        Assert.False(huge.IsCompleted);

        small.Dispose();
        using var admitted = await huge;
        Assert.Equal(100, budget.Held);
    }

    [Fact]
    public async Task A_large_image_waiting_is_not_overtaken_by_small_ones()
    {
        var budget = new PixelBudget(100);
        var held = await budget.AcquireAsync(50);
        var large = budget.AcquireAsync(80);
        var small = budget.AcquireAsync(10);
        await Task.Delay(50);

        // The small one would fit beside what is held, but the large one came first.
        Assert.False(small.IsCompleted);
        held.Dispose();
        (await large).Dispose();
        (await small).Dispose();
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_queue()
    {
        var budget = new PixelBudget(100);
        var held = await budget.AcquireAsync(100);
        using var giveUp = new CancellationTokenSource();
        var waiting = budget.AcquireAsync(50, giveUp.Token);
        var behind = budget.AcquireAsync(50);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        (await behind).Dispose();
        Assert.Equal(0, budget.Held);
    }
}
