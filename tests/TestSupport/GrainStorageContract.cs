using Orleans.Runtime;
using Orleans.Storage;

namespace ImgProcess.Tests;

/// <summary>
/// The OrleansQuery contract our schema scripts must meet, checked against the real ADO.NET grain storage provider.
/// Each database's test class supplies the provider.
/// </summary>
public abstract class GrainStorageContract
{
    protected abstract IGrainStorage Storage { get; }

    private static GrainId NewId() => GrainId.Create("test", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Write_read_round_trip_advances_the_version()
    {
        var id = NewId();
        var written = new GrainState<List<string>>(["a", "b"]);
        await Storage.WriteStateAsync("probe", id, written);
        Assert.Equal("1", written.ETag);
        written.State!.Add("c");
        await Storage.WriteStateAsync("probe", id, written);
        Assert.Equal("2", written.ETag);

        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, read);

        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(["a", "b", "c"], read.State);
    }

    [Fact]
    public async Task A_stale_write_is_refused()
    {
        var id = NewId();
        var first = new GrainState<List<string>>(["first"]);
        await Storage.WriteStateAsync("probe", id, first);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = first.ETag };
        await Storage.WriteStateAsync("probe", id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, stale));
        var fresh = new GrainState<List<string>>(["duplicate insert"]);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", id, fresh));

        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, read);
        Assert.Equal(["first"], read.State);
    }

    [Fact]
    public async Task Of_two_racing_first_writes_exactly_one_wins()
    {
        var id = NewId();
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Storage.WriteStateAsync("probe", id, new GrainState<List<string>>([$"writer {i}"]));
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        });

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(won => won));
    }

    [Fact]
    public async Task Clear_deletes_the_row_and_a_new_write_starts_over()
    {
        var id = NewId();
        var state = new GrainState<List<string>>(["x"]);
        await Storage.WriteStateAsync("probe", id, state);

        await Storage.ClearStateAsync("probe", id, state);
        Assert.Null(state.ETag);
        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync("probe", id, read);
        Assert.False(read.RecordExists);

        var again = new GrainState<List<string>>(["y"]);
        await Storage.WriteStateAsync("probe", id, again);
        Assert.Equal("1", again.ETag);
    }

    [Fact]
    public async Task Two_state_names_under_one_grain_key_do_not_overwrite_each_other()
    {
        var id = NewId();
        await Storage.WriteStateAsync("image", id, new GrainState<List<string>>(["image state"]));
        await Storage.WriteStateAsync("history", id, new GrainState<List<string>>(["history state"]));

        var image = new GrainState<List<string>>();
        await Storage.ReadStateAsync("image", id, image);
        Assert.Equal(["image state"], image.State);
    }
}
