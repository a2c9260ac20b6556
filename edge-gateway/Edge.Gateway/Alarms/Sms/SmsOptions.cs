using Edge.Gateway.Alarms.Sms.Http;
using Edge.Gateway.Alarms.Sms.Modem;

namespace Edge.Gateway.Alarms.Sms;

/// <summary>Which way alarm SMS leave the gateway.</summary>
public enum SmsKind
{
    /// <summary>Not configured: sends are logged and reported as failed.</summary>
    None,

    /// <summary>A GSM modem on a serial device (works without internet).</summary>
    Modem,

    /// <summary>An HTTP SMS provider (needs the uplink).</summary>
    Http,
}

/// <summary>The alarm SMS channel (section <c>Sms</c>); only the chosen kind's sub-section is validated.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary><c>none</c> (default), <c>modem</c> or <c>http</c> (case-insensitive).</summary>
    public SmsKind Kind { get; set; } = SmsKind.None;

    public GsmModemOptions Modem { get; set; } = new();

    public HttpSmsOptions Http { get; set; } = new();
}
