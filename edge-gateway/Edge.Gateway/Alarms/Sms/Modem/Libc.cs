using System.Runtime.InteropServices;

namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>
/// The few libc calls a serial port needs (glibc on Linux: x86-64, arm64 and armhf share these constants and the
/// termios layout used here). Plain <c>DllImport</c> with blittable arguments: the gateway project does not allow unsafe code.
/// </summary>
internal static class Libc
{
    public const int ORdWr = 0x2;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EAcces = 13;
    public const int EPerm = 1;

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;
    public const short PollNval = 0x20;

    public const int TcsaNow = 0;
    public const int TcIoFlush = 2;

    /// <summary>glibc's <c>struct termios</c> is 60 bytes; more room costs nothing.</summary>
    public const int TermiosSize = 256;

    /// <summary>Offset of <c>c_cflag</c> (after <c>c_iflag</c> and <c>c_oflag</c>, each a 32-bit <c>tcflag_t</c>).</summary>
    public const int CFlagOffset = 8;

    public const uint CRead = 0x80;
    public const uint CLocal = 0x800;
    public const uint CRtsCts = 0x80000000;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([In] byte[] path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(ref PollFd fd, nuint count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static extern int TcGetAttr(int fd, [Out] byte[] termios);

    [DllImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static extern int TcSetAttr(int fd, int optionalActions, [In] byte[] termios);

    [DllImport("libc", EntryPoint = "cfmakeraw")]
    public static extern void CfMakeRaw([In, Out] byte[] termios);

    [DllImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    public static extern int CfSetSpeed([In, Out] byte[] termios, uint speed);

    [DllImport("libc", EntryPoint = "tcflush", SetLastError = true)]
    public static extern int TcFlush(int fd, int queueSelector);

    /// <summary>The <c>B*</c> constant of a line speed (asm-generic termbits).</summary>
    public static uint SpeedConstant(int baudRate) => baudRate switch
    {
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        _ => throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, "unsupported line speed"),
    };
}
