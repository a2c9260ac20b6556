using Edge.Gateway.Alarms.Sms;
using Edge.Gateway.Alarms.Sms.Modem;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Alarms.Sms.Modem;

/// <summary>Modem senders for tests: short timeouts, real time, the given device.</summary>
internal static class ModemSenders
{
    public const string Number = "+254700000001";
    public const string Alarm = "CRITICAL rg-001 water_level_m 2.70 >= 2.50";

    public static GsmModemSmsSender Create(string devicePath, Action<GsmModemOptions>? configure = null)
    {
        var options = new SmsOptions { Kind = SmsKind.Modem };
        options.Modem.DevicePath = devicePath;
        options.Modem.CommandTimeout = TimeSpan.FromSeconds(2);
        options.Modem.PromptTimeout = TimeSpan.FromSeconds(2);
        options.Modem.SendTimeout = TimeSpan.FromSeconds(3);
        configure?.Invoke(options.Modem);
        return new GsmModemSmsSender(Options.Create(options), TimeProvider.System, NullLogger<GsmModemSmsSender>.Instance);
    }
}
