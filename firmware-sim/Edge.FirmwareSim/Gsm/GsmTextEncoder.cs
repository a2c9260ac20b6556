using System.Globalization;
using System.Text;
using Edge.FirmwareSim.Publishing;

namespace Edge.FirmwareSim.Gsm;

/// <summary>
/// A reading in the GSM text format of CONTRACTS section 2, as a datalogger sends it by SMS or as a GPRS line:
/// <c>ID=sim-rg-0001;TS=1795303200;SEQ=17;RAIN=0.4;RR=1.2;BAT=3.61;TMP=14.2</c>. Metrics without a short code are left out.
/// </summary>
internal static class GsmTextEncoder
{
    private static readonly (string Metric, string Code)[] ShortCodes =
    [
        ("rain_mm", "RAIN"), ("rain_rate_mmh", "RR"), ("water_level_m", "WL"), ("soil_moisture_pct", "SM"), ("pore_pressure_kpa", "PP"),
        ("tilt_x_deg", "TX"), ("tilt_y_deg", "TY"), ("displacement_mm", "DSP"), ("battery_v", "BAT"), ("temperature_c", "TMP"),
    ];

    public static string Encode(string deviceId, TelemetryMessage message)
    {
        var text = new StringBuilder(128);
        text.Append(CultureInfo.InvariantCulture, $"ID={deviceId};TS={message.Ts.ToUnixTimeSeconds()};SEQ={message.Seq}");
        foreach (var (metric, code) in ShortCodes)
        {
            if (message.Values.TryGetValue(metric, out var value))
            {
                text.Append(CultureInfo.InvariantCulture, $";{code}={value:R}");
            }
        }

        return text.ToString();
    }

    /// <summary>The SMS sender number of device <paramref name="index"/> (from 0): <c>+2547</c> and index + 1 in eight digits.</summary>
    public static string SenderNumber(int index) => "+2547" + (index + 1).ToString("D8", CultureInfo.InvariantCulture);
}
