using System.Runtime.InteropServices;
using System.Text;

namespace Edge.Gateway.Tests.Alarms.Sms.Modem;

/// <summary>
/// A Linux pseudo-terminal pair from libc (<c>posix_openpt</c>, <c>grantpt</c>, <c>unlockpt</c>, <c>ptsname_r</c>): the
/// code under test opens <see cref="SlavePath"/> like a real serial tty; the test owns the master side. Independent of
/// the gateway's own serial code on purpose.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private const int ORdWr = 0x2;
    private const int ONoCtty = 0x100;
    private const short PollIn = 0x1;

    private readonly int _master;
    private readonly byte[] _buffer = new byte[4096];
    private bool _closed;

    private PseudoTerminal(int master, string slavePath)
    {
        _master = master;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        var master = PosixOpenPt(ORdWr | ONoCtty);
        Check(master, "posix_openpt");
        var name = new byte[128];
        Check(GrantPt(master), "grantpt");
        Check(UnlockPt(master), "unlockpt");
        Check(PtsNameR(master, name, (nuint)name.Length), "ptsname_r");
        return new PseudoTerminal(master, Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0)));
    }

    /// <summary>
    /// What the slave side wrote, waiting at most <paramref name="timeoutMilliseconds"/>: empty when nothing came,
    /// null at once when no slave is open (the master reports a hang-up then).
    /// </summary>
    public byte[]? Read(int timeoutMilliseconds)
    {
        var poll = new PollFd { Fd = _master, Events = PollIn };
        if (Poll(ref poll, 1, timeoutMilliseconds) <= 0)
        {
            return [];
        }

        var n = (poll.Revents & PollIn) != 0 ? ReadFd(_master, _buffer, _buffer.Length) : -1;
        return n > 0 ? _buffer[..(int)n] : null;
    }

    public void Write(byte[] data)
    {
        for (var offset = 0; offset < data.Length;)
        {
            var n = WriteFd(_master, ref data[offset], data.Length - offset);
            if (n < 0)
            {
                throw new IOException($"write to pty master failed: errno {Marshal.GetLastPInvokeError()}");
            }

            offset += (int)n;
        }
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _ = CloseFd(_master);
        }
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            throw new IOException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static extern int PosixOpenPt(int flags);

    [DllImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static extern int GrantPt(int fd);

    [DllImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static extern int UnlockPt(int fd);

    [DllImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    private static extern int PtsNameR(int fd, [Out] byte[] buffer, nuint length);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fd, nuint count, int timeout);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint ReadFd(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint WriteFd(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseFd(int fd);
}
