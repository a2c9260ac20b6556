using System.Collections.Frozen;

namespace Edge.Telemetry;

/// <summary>A canonical metric: name, unit and the range a physically possible value lies in (CONTRACTS section 3).</summary>
public sealed record MetricDefinition(string Name, string Unit, double Minimum, double Maximum, string Description);

/// <summary>The canonical metric table. Metrics not in it are kept as they come but drive no built-in rule.</summary>
public static class CanonicalMetrics
{
    public const string RainMm = "rain_mm";
    public const string RainRateMmh = "rain_rate_mmh";
    public const string WaterLevelM = "water_level_m";
    public const string SoilMoisturePct = "soil_moisture_pct";
    public const string PorePressureKpa = "pore_pressure_kpa";
    public const string TiltXDeg = "tilt_x_deg";
    public const string TiltYDeg = "tilt_y_deg";
    public const string DisplacementMm = "displacement_mm";
    public const string BatteryV = "battery_v";
    public const string TemperatureC = "temperature_c";
    public const string RssiDbm = "rssi_dbm";
    public const string SnrDb = "snr_db";

    public static readonly FrozenDictionary<string, MetricDefinition> All = new MetricDefinition[]
    {
        new(RainMm, "mm", 0, 500, "rain fallen since the previous report"),
        new(RainRateMmh, "mm/h", 0, 500, "rain intensity"),
        new(WaterLevelM, "m", -10, 100, "water level above the station's datum"),
        new(SoilMoisturePct, "%", 0, 100, "volumetric water content"),
        new(PorePressureKpa, "kPa", -100, 3000, "pore water pressure"),
        new(TiltXDeg, "deg", -90, 90, "tilt about the x axis"),
        new(TiltYDeg, "deg", -90, 90, "tilt about the y axis"),
        new(DisplacementMm, "mm", -100000, 100000, "cumulative displacement"),
        new(BatteryV, "V", 0, 30, "battery voltage"),
        new(TemperatureC, "degC", -60, 90, "temperature"),
        new(RssiDbm, "dBm", -150, 0, "radio signal strength (LoRaWAN metadata)"),
        new(SnrDb, "dB", -40, 40, "radio signal-to-noise ratio (LoRaWAN metadata)"),
    }.ToFrozenDictionary(metric => metric.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out MetricDefinition definition) => All.TryGetValue(name, out definition!);
}
