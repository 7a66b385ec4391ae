using System.Net;
using System.Net.Sockets;

namespace ImgProcess.Tests;

/// <summary>
/// Ports nobody listens on right now, for silos and servers started by tests. Taken below the kernel's ephemeral range
/// (32768 and up on Linux), and never twice in one test process: a port the kernel hands out for "any free port" is
/// free only until the next outgoing connection or the next parallel test takes the same one (seen as "Address already
/// in use" in a full run).
/// </summary>
internal static class FreePorts
{
    private const int First = 20_000;
    private const int Count = 12_000;

    // Each test process starts at its own place in the range, so processes running side by side rarely meet.
    private static int next = Environment.ProcessId * 131 % Count;

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (Interlocked.Increment(ref next) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port from {First} to {First + Count - 1}.");
    }

    // Probed on every interface: a silo listens there, and a port bound on loopback alone is taken for it too.
    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
