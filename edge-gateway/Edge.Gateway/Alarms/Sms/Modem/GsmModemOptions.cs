namespace Edge.Gateway.Alarms.Sms.Modem;

/// <summary>A GSM modem speaking AT commands on a serial device (section <c>Sms:Modem</c>).</summary>
public sealed class GsmModemOptions
{
    /// <summary>Line speeds the serial layer can set (Linux <c>B*</c> constants).</summary>
    public static readonly IReadOnlyList<int> SupportedBaudRates = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

    /// <summary>The modem's serial device: <c>/dev/ttyUSB0</c> (USB dongle), <c>/dev/serial0</c> (Pi UART HAT), or a stable udev link.</summary>
    public string DevicePath { get; set; } = "/dev/ttyUSB0";

    public int BaudRate { get; set; } = 115200;

    /// <summary>SIM PIN (4-8 digits), entered with <c>AT+CPIN</c> when the SIM asks for it. A rejected PIN is never tried again until restart.</summary>
    public string? Pin { get; set; }

    /// <summary>Limit for each plain command's final result (<c>OK</c>/<c>ERROR</c>); the <c>AT</c> handshake as a whole gets this much too.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for the <c>&gt; </c> prompt after <c>AT+CMGS</c>.</summary>
    public TimeSpan PromptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for <c>+CMGS: &lt;mr&gt;</c> after the text (the modem waits for the network; modems document up to 60 s).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After a PIN was accepted: how long to wait for the SIM to report <c>READY</c>.</summary>
    public TimeSpan SimReadyTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
