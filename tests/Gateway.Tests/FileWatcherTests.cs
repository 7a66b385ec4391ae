using System.Net;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// The gateway reads its configuration files once. With reload on, the host watches its content root recursively, and
/// the default data directory is under it: every blob and SQLite write woke a watcher thread (5 % of the CPU under load).
/// </summary>
public sealed class FileWatcherTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task A_gateway_process_watches_no_files_while_it_takes_uploads()
    {
        using var gateway = await ServiceProcess.StartAsync(data.Path);
        using var client = gateway.CreateClient();
        var response = await client.PostAsync("/images", MultipartBodies.Image(TestImages.RedGreenBluePng(), "watched.png"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var watchers = new DirectoryInfo($"/proc/{gateway.ProcessId}/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget == "anon_inode:inotify");

        Assert.Equal(0, watchers);
    }
}
