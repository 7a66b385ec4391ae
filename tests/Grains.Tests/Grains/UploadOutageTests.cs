using System.Security.Cryptography;
using ImgProcess.Grains.Content;
using ImgProcess.Grains.Faults;
using ImgProcess.Grains.History;
using ImgProcess.Tests;

namespace ImgProcess.Grains.Tests.Grains;

/// <summary>An upload stopped by an outage is answered 503 and leaves nothing listed.</summary>
public sealed class UploadOutageTests : IAsyncLifetime
{
    private readonly ClusterFixture fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task An_upload_whose_results_cannot_be_written_is_503_and_leaves_no_history_entry()
    {
        var history = fixture.SiloService<HistoryReader>();
        var bytes = TestImages.LandscapeJpeg(160, 120, seed: 12);
        var content = fixture.Grains.GetGrain<IContentGrain>(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        fixture.FailContentStores(2);

        await Assert.ThrowsAsync<ServiceUnavailableException>(() => fixture.Intake.AcceptAsync(bytes, "store-failed.jpg"));

        // Both attempts (the intake retries a database outage once) failed before the history add: nothing was listed,
        // and the upload's grain gives back what it took (its pending record and its reference to the bytes).
        Assert.Equal(0, (await history.GetNewestAsync(0, 10)).Total);
        var until = DateTime.UtcNow.AddSeconds(10);
        while ((await content.References()).Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.Empty(await content.References());
    }
}
