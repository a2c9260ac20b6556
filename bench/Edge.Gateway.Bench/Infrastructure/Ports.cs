using System.Net;
using System.Net.Sockets;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>Free loopback ports (never fixed ones) and waiting for a listener.</summary>
internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, ChildProcess process, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (TimeProvider.System.GetElapsedTime(deadline) < timeout && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"{process.Name} did not listen on {port}: {process.Output}", exception);
            }
        }
    }
}
