using System.Runtime.InteropServices;
using System.Text;

namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>
/// A tty opened the way System.IO.Ports does it (<c>O_NOCTTY</c>: a systemd service is a session leader, and the modem
/// must not become its controlling terminal, whose hang-up would SIGHUP the gateway; <c>O_NONBLOCK</c>: no call ever
/// blocks), set to raw 8N1 at the given speed without flow control, ignoring modem control lines (<c>CLOCAL</c>).
/// Reads and writes never block; callers poll with their own deadlines.
/// </summary>
internal sealed class SerialDevice : IDisposable
{
    private readonly DeviceHandle _handle;
    private readonly byte[] _readBuffer = new byte[1024];

    private SerialDevice(DeviceHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    public static SerialDevice Open(string path, int baudRate)
    {
        var fd = Libc.Open(Encoding.UTF8.GetBytes(path + "\0"), Libc.ORdWr | Libc.ONoCtty | Libc.ONonBlock | Libc.OCloExec);
        if (fd < 0)
        {
            throw new SerialDeviceException($"cannot open {path}", Marshal.GetLastPInvokeError());
        }

        var device = new SerialDevice(new DeviceHandle(fd), path);
        try
        {
            device.Configure(baudRate);
            return device;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>True when the device hung up or vanished (unplugged USB modem, closed pty master).</summary>
    public bool IsGone() => WithFd(fd =>
    {
        var poll = new Libc.PollFd { Fd = fd, Events = Libc.PollIn };
        return Libc.Poll(ref poll, 1, 0) > 0 && (poll.Revents & (Libc.PollHup | Libc.PollErr | Libc.PollNval)) != 0;
    });

    /// <summary>What has arrived so far (empty when nothing); throws when the device is gone.</summary>
    public ReadOnlySpan<byte> ReadAvailable()
    {
        var count = WithFd(fd =>
        {
            while (true)
            {
                var n = Libc.Read(fd, _readBuffer, _readBuffer.Length);
                if (n > 0)
                {
                    return (int)n;
                }

                var errno = n == 0 ? 0 : Marshal.GetLastPInvokeError();
                if (errno == Libc.EAgain)
                {
                    return 0;
                }

                if (errno != Libc.EIntr)
                {
                    throw new SerialDeviceException($"{Path} is gone (read failed)", errno);
                }
            }
        });
        return _readBuffer.AsSpan(0, count);
    }

    /// <summary>Writes what the kernel takes now; returns the number of bytes taken (0 when its buffer is full).</summary>
    public int TryWrite(byte[] data, int offset) => WithFd(fd =>
    {
        while (true)
        {
            var n = Libc.Write(fd, ref data[offset], data.Length - offset);
            if (n >= 0)
            {
                return (int)n;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EAgain)
            {
                return 0;
            }

            if (errno != Libc.EIntr)
            {
                throw new SerialDeviceException($"{Path} is gone (write failed)", errno);
            }
        }
    });

    public void Dispose() => _handle.Dispose();

    private void Configure(int baudRate) => WithFd(fd =>
    {
        var termios = new byte[Libc.TermiosSize];
        if (Libc.TcGetAttr(fd, termios) != 0)
        {
            throw new SerialDeviceException($"{Path} is not a serial device", Marshal.GetLastPInvokeError());
        }

        Libc.CfMakeRaw(termios); // 8 data bits, no parity, no echo, no line editing, no output processing
        var flags = MemoryMarshal.Read<uint>(termios.AsSpan(Libc.CFlagOffset));
        flags = (flags | Libc.CRead | Libc.CLocal) & ~Libc.CRtsCts;
        MemoryMarshal.Write(termios.AsSpan(Libc.CFlagOffset), in flags);
        if (Libc.CfSetSpeed(termios, Libc.SpeedConstant(baudRate)) != 0 || Libc.TcSetAttr(fd, Libc.TcsaNow, termios) != 0)
        {
            throw new SerialDeviceException($"cannot set {Path} to {baudRate} baud raw", Marshal.GetLastPInvokeError());
        }

        _ = Libc.TcFlush(fd, Libc.TcIoFlush); // drop whatever the modem said before we listened
        return 0;
    });

    // The handle's reference count keeps the descriptor from being closed (and its number reused) during a call.
    private T WithFd<T>(Func<int, T> call)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            return call((int)_handle.DangerousGetHandle());
        }
        catch (ObjectDisposedException e)
        {
            throw new SerialDeviceException($"{Path} was closed", e);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private sealed class DeviceHandle : SafeHandle
    {
        public DeviceHandle(int fd)
            : base(-1, ownsHandle: true) => SetHandle(fd);

        public override bool IsInvalid => handle < 0;

        protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
    }
}
