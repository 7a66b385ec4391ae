using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ImgProcess.Tests;

namespace ImgProcess.Gateway.Tests;

/// <summary>
/// Clients that hold connections instead of sending: bodies that trickle and connections that send their headers and
/// then nothing. A real Kestrel on loopback, where every client (honest or not) has the address 127.0.0.1.
/// </summary>
public sealed class SlowClientTests : IDisposable
{
    private readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Trickling_bodies_and_idle_connections_do_not_keep_honest_uploads_out()
    {
        using var gateway = await ServiceProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["ImgProcess__Limits__MaxConcurrentUploads"] = "4",
            ["ImgProcess__Limits__UploadsPerClientPerMinute"] = "0",
        });
        using var stop = new CancellationTokenSource();

        // Four bodies at 300 bytes/s take every slot; then 64 connections send their headers and wait.
        var tricklers = Enumerable.Range(0, 4).Select(_ => HoldAsync(gateway.Port, bytesPerTick: 30, stop.Token)).ToList();
        await Task.Delay(500);
        var idle = Enumerable.Range(0, 64).Select(_ => HoldAsync(gateway.Port, bytesPerTick: 0, stop.Token)).ToList();
        await Task.Delay(500);

        using var client = gateway.CreateClient();
        var took = new List<TimeSpan>();
        foreach (var seed in new[] { 41, 42, 43 })
        {
            var clock = Stopwatch.StartNew();
            var response = await client.PostAsync("/images", MultipartBodies.Image(TestImages.LandscapeJpeg(64, 48, seed), "honest.jpg"));
            took.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(1000);
        }

        await stop.CancelAsync();
        var trickled = await Task.WhenAll(tricklers);
        await Task.WhenAll(idle);

        Assert.All(took, t => Assert.True(t < TimeSpan.FromSeconds(5), $"an honest upload took {t}"));

        // The tricklers were answered (408, their body too slow), not left hanging until the test ended.
        Assert.All(trickled, status => Assert.Equal("408", status));
    }

    // Opens a connection, sends an upload's headers and then `bytesPerTick` bytes of body every 100 ms (none: it only
    // waits); returns the status code the gateway answered, or "" when it answered nothing before `stop`.
    private static async Task<string> HoldAsync(int port, int bytesPerTick, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port, stop);
        var headers = "POST /images HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\n" +
                      $"Content-Length: {100_000.ToString(CultureInfo.InvariantCulture)}\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.jpg\"\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(headers), stop);
        var answer = ReadStatusAsync(socket, stop);
        try
        {
            while (!answer.IsCompleted && !stop.IsCancellationRequested)
            {
                if (bytesPerTick > 0)
                {
                    await socket.SendAsync(new byte[bytesPerTick], stop);
                }

                await Task.WhenAny(answer, Task.Delay(100, stop));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The gateway closed the connection, or the test is over.
        }

        return answer.IsCompletedSuccessfully ? answer.Result : "";
    }

    private static async Task<string> ReadStatusAsync(Socket socket, CancellationToken stop)
    {
        var buffer = new byte[64];
        try
        {
            var read = await socket.ReceiveAsync(buffer, stop);
            var line = Encoding.ASCII.GetString(buffer, 0, read);
            return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && line.Length >= 12 ? line[9..12] : "";
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return "";
        }
    }
}
