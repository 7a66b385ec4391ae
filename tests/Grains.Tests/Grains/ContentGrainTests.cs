using System.Security.Cryptography;
using ImgProcess.Grains.Content;
using ImgProcess.Grains.Hosting;
using ImgProcess.Tests;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace ImgProcess.Grains.Tests.Grains;

/// <summary>The content grain's references: written with the results for an upload that processes, never lost on the way.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ContentGrainTests(ClusterFixture fixture)
{
    private async Task<GrainState<ContentState>> StoredAsync(string sha256)
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var stored = new GrainState<ContentState>();
        await storage.ReadStateAsync("content", fixture.Grains.GetGrain<IContentGrain>(sha256).GetGrainId(), stored);
        return stored;
    }

    [Fact]
    public async Task An_upload_of_new_bytes_writes_its_content_once_and_a_duplicate_once_more()
    {
        var bytes = TestImages.Stamped(TestImages.RedGreenBluePng(), Guid.NewGuid().ToString());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var first = await fixture.Intake.AcceptAsync(bytes, "first.png");
        var afterFirst = await StoredAsync(sha256);
        Assert.Equal("1", afterFirst.ETag);
        Assert.Equal([first.Record!.Id], afterFirst.State!.References);
        Assert.NotEmpty(afterFirst.State!.Results);

        var second = await fixture.Intake.AcceptAsync(bytes, "second.png");
        var afterSecond = await StoredAsync(sha256);
        Assert.Equal("2", afterSecond.ETag);
        Assert.Equal(new HashSet<string> { first.Record.Id, second.Record!.Id }, afterSecond.State!.References);
    }

    [Fact]
    public async Task A_reference_kept_for_the_results_survives_a_deactivation_before_they_are_stored()
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var content = fixture.Grains.GetGrain<IContentGrain>(sha256);

        Assert.False(await content.Acquire("upload-1", writeWithResults: true));
        Assert.False((await StoredAsync(sha256)).RecordExists);
        await fixture.Cluster.DeactivateAsync(content);
        await content.Store("upload-1", [], reindex: false);
        await fixture.Cluster.DeactivateAsync(content);

        Assert.Equal(["upload-1"], await content.References());
    }

    [Fact]
    public async Task A_reference_kept_for_the_results_is_written_when_another_upload_stored_them_first()
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var content = fixture.Grains.GetGrain<IContentGrain>(sha256);

        Assert.False(await content.Acquire("late", writeWithResults: true));
        await fixture.Cluster.DeactivateAsync(content);
        Assert.False(await content.Acquire("early", writeWithResults: true));
        await content.Store("early", [], reindex: false);
        Assert.NotNull(await content.GetStored("late"));
        await fixture.Cluster.DeactivateAsync(content);

        Assert.Equal(new HashSet<string> { "early", "late" }, (await content.References()).ToHashSet());
    }
}
