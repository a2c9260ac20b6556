using System.Net;
using System.Net.Sockets;

namespace Edge.Testing;

/// <summary>Finds a loopback TCP port that nothing listens on at the moment of the call.</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return;
            }
            catch (SocketException)
            {
                try
                {
                    await Task.Delay(50, cts.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"nothing listened on 127.0.0.1:{port} within {timeout}. {diagnostics?.Invoke()}");
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nothing listened on 127.0.0.1:{port} within {timeout}. {diagnostics?.Invoke()}");
            }
        }
    }
}
