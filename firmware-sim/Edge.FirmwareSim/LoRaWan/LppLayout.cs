using System.Text.Json.Nodes;
using Edge.Codecs.CayenneLpp;
using Edge.Telemetry;

namespace Edge.FirmwareSim.LoRaWan;

/// <summary>
/// Where each canonical metric goes in the simulator's Cayenne LPP frames: one channel per metric, the same for every
/// kind, so one device profile (<see cref="ProfileJson"/>) maps them all back. Values are rounded to the LPP type's
/// resolution (0.01 for analog input, 0.1 °C, 1 mm for distance); the rain rate goes as tenths (analog input holds only
/// ±327.67, a rain rate up to 500), and a value beyond what its type holds is clamped rather than refused.
/// </summary>
internal static class LppLayout
{
    public const string ProfileId = "edge-sim-lpp";

    /// <summary>Each metric's channel and type; the value is sent multiplied by <c>Factor</c>, in <c>Unit</c> when it has one.</summary>
    private static readonly (string Metric, byte Channel, LppType Type, string? Unit, double Factor)[] Channels =
    [
        (CanonicalMetrics.RainMm, 1, LppTypes.AnalogInput, null, 1),
        (CanonicalMetrics.RainRateMmh, 2, LppTypes.AnalogInput, null, 0.1),
        (CanonicalMetrics.TemperatureC, 3, LppTypes.Temperature, null, 1),
        (CanonicalMetrics.BatteryV, 4, LppTypes.AnalogInput, null, 1),
        (CanonicalMetrics.WaterLevelM, 5, LppTypes.Distance, null, 1),
        (CanonicalMetrics.SoilMoisturePct, 6, LppTypes.AnalogInput, null, 1),
        (CanonicalMetrics.PorePressureKpa, 7, LppTypes.AnalogInput, null, 1),
        (CanonicalMetrics.TiltXDeg, 8, LppTypes.AnalogInput, null, 1),
        (CanonicalMetrics.TiltYDeg, 9, LppTypes.AnalogInput, null, 1),
        (CanonicalMetrics.DisplacementMm, 10, LppTypes.Distance, "m", 0.001),
    ];

    /// <summary>The frame of one reading: its metrics in channel order; a metric without a channel is left out.</summary>
    public static byte[] Encode(IReadOnlyDictionary<string, double> values)
    {
        var frame = new LppEncoder();
        foreach (var (metric, channel, type, _, factor) in Channels)
        {
            if (values.TryGetValue(metric, out var value))
            {
                frame.Add(channel, type, Math.Clamp(value * factor, Minimum(type), Maximum(type)));
            }
        }

        return frame.ToArray();
    }

    /// <summary>The gateway device profile (docs/codecs.md) that reads these frames back into canonical metrics.</summary>
    public static JsonObject ProfileJson()
    {
        var fields = new JsonObject();
        foreach (var (metric, channel, type, unit, factor) in Channels)
        {
            fields[$"{type.Name}_{channel}"] = (unit, factor) switch
            {
                (null, 1) => metric,
                (null, _) => new JsonObject { ["metric"] = metric, ["scale"] = 1 / factor },
                _ => new JsonObject { ["metric"] = metric, ["unit"] = unit },
            };
        }

        return new JsonObject { ["id"] = ProfileId, ["codec"] = "cayenne-lpp", ["fields"] = fields };
    }

    private static double Maximum(LppType type) => ((1L << ((type.ComponentSize * 8) - (type.IsSigned ? 1 : 0))) - 1) / type.Components[0].Divisor;

    private static double Minimum(LppType type) => type.IsSigned ? -(1L << ((type.ComponentSize * 8) - 1)) / type.Components[0].Divisor : 0;
}
