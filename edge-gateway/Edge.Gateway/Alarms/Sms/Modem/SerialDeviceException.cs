using System.Runtime.InteropServices;

namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>The serial device failed (absent, unplugged, refused): the modem session is over; a later send reopens it.</summary>
internal sealed class SerialDeviceException : IOException
{
    public SerialDeviceException(string message, int errno = 0)
        : base(errno == 0 ? message : $"{message}: {Marshal.GetPInvokeErrorMessage(errno)}")
    {
        Errno = errno;
    }

    public SerialDeviceException()
    {
    }

    public SerialDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Errno { get; }

    /// <summary>False for permission errors: a person has to fix those (e.g. add the service user to <c>dialout</c>).</summary>
    public bool RetryMayHelp => Errno is not (Libc.EAcces or Libc.EPerm);
}
