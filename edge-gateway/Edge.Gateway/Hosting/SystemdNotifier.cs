using System.Net.Sockets;
using System.Text;

namespace Edge.Gateway.Hosting;

/// <summary>
/// systemd's service notification protocol (sd_notify(3)): datagrams such as <c>READY=1</c> or <c>WATCHDOG=1</c> sent
/// to the Unix socket named by <c>NOTIFY_SOCKET</c> (a leading <c>@</c> means the abstract namespace). Without that
/// variable (not started by systemd with <c>Type=notify</c>) it does nothing.
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    public SystemdNotifier(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath))
        {
            return;
        }

        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>True when systemd asked for notifications.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>Sends one notification; a notification that cannot be sent is lost, as with sd_notify.</summary>
    public bool Notify(string state)
    {
        if (_socket is null || _endPoint is null)
        {
            return false;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket?.Dispose();
}
