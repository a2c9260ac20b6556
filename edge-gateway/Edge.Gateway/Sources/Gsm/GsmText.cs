using System.Globalization;
using Edge.Telemetry;

namespace Edge.Gateway.Sources.Gsm;

/// <summary>A GSM reading as parsed from its text: the device it names, its optional time and sequence, canonical values.</summary>
internal sealed record GsmReading(string DeviceId, DateTimeOffset? Ts, long? Seq, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// The GSM text format of CONTRACTS section 2: <c>ID=rg-001;RAIN=2.4;WL=1.84;BAT=3.61</c>, <c>KEY=VALUE</c> pairs
/// separated by <c>;</c>, an optional <c>TS=</c> (Unix seconds) and, as an extension, an optional <c>SEQ=</c> (the
/// device's sequence number). Keys are case-insensitive; an unknown key, a repeated key or a value that is not a number
/// refuses the whole text, so that a typo never silently loses a measurement.
/// </summary>
internal static class GsmText
{
    /// <summary>The short codes and the canonical metric each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortCodes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["RAIN"] = "rain_mm",
        ["RR"] = "rain_rate_mmh",
        ["WL"] = "water_level_m",
        ["SM"] = "soil_moisture_pct",
        ["PP"] = "pore_pressure_kpa",
        ["TX"] = "tilt_x_deg",
        ["TY"] = "tilt_y_deg",
        ["DSP"] = "displacement_mm",
        ["BAT"] = "battery_v",
        ["TMP"] = "temperature_c",
    };

    public static bool TryParse(string text, out GsmReading? reading, out string? error)
    {
        reading = null;
        string? deviceId = null;
        DateTimeOffset? ts = null;
        long? seq = null;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Trim().Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"\"{pair}\" is not KEY=VALUE";
                return false;
            }

            var key = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (!seen.Add(key))
            {
                error = $"{key} given twice";
                return false;
            }

            if (key.Equals("ID", StringComparison.OrdinalIgnoreCase))
            {
                deviceId = value;
            }
            else if (key.Equals("TS", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
                {
                    error = $"TS=\"{value}\" is not Unix seconds";
                    return false;
                }

                ts = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
            else if (key.Equals("SEQ", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    error = $"SEQ=\"{value}\" is not a non-negative whole number";
                    return false;
                }

                seq = number;
            }
            else if (ShortCodes.TryGetValue(key, out var metric))
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    error = $"{key}=\"{value}\" is not a number";
                    return false;
                }

                values[metric] = number;
            }
            else
            {
                error = $"unknown code {key}";
                return false;
            }
        }

        if (deviceId is null)
        {
            error = "no ID=";
            return false;
        }

        if (!DeviceId.IsValid(deviceId))
        {
            error = $"invalid device id \"{deviceId}\": 1-{DeviceId.MaxLength} characters of [A-Za-z0-9._-]";
            return false;
        }

        if (values.Count == 0)
        {
            error = "no values";
            return false;
        }

        error = null;
        reading = new GsmReading(deviceId, ts, seq, values);
        return true;
    }
}
