using Edge.Telemetry;

namespace Edge.FirmwareSim.Sensors;

/// <summary>The kinds of field sensor the simulator knows.</summary>
internal enum SensorKind
{
    RainGauge,
    RiverLevel,
    SoilMoisture,
    TiltMeter,
}

/// <summary>Names, device-id prefixes and metrics of each <see cref="SensorKind"/>.</summary>
internal static class SensorKinds
{
    public static readonly IReadOnlyList<SensorKind> All = Enum.GetValues<SensorKind>();

    /// <summary>Kinds are assigned to devices round-robin, in declaration order.</summary>
    public static SensorKind ForDeviceIndex(int index) => All[index % All.Count];

    /// <summary>The name written in the report, e.g. <c>rain-gauge</c>.</summary>
    public static string Name(SensorKind kind) => kind switch
    {
        SensorKind.RainGauge => "rain-gauge",
        SensorKind.RiverLevel => "river-level",
        SensorKind.SoilMoisture => "soil-moisture",
        _ => "tilt-meter",
    };

    /// <summary>The metrics every report of the kind carries.</summary>
    public static IReadOnlyList<string> Metrics(SensorKind kind) => kind switch
    {
        SensorKind.RainGauge => [CanonicalMetrics.RainMm, CanonicalMetrics.RainRateMmh, CanonicalMetrics.BatteryV, CanonicalMetrics.TemperatureC],
        SensorKind.RiverLevel => [CanonicalMetrics.WaterLevelM, CanonicalMetrics.BatteryV],
        SensorKind.SoilMoisture => [CanonicalMetrics.SoilMoisturePct, CanonicalMetrics.PorePressureKpa, CanonicalMetrics.BatteryV],
        _ => [CanonicalMetrics.TiltXDeg, CanonicalMetrics.TiltYDeg, CanonicalMetrics.DisplacementMm, CanonicalMetrics.BatteryV],
    };

    /// <summary>What a fault hits when the scenario names no metric: the kind's main measurement.</summary>
    public static string MainMetric(SensorKind kind) => Metrics(kind)[kind == SensorKind.RainGauge ? 1 : 0];

    /// <summary>The short code in device ids, e.g. <c>rg</c> in <c>sim-rg-0001</c>.</summary>
    public static string IdCode(SensorKind kind) => kind switch
    {
        SensorKind.RainGauge => "rg",
        SensorKind.RiverLevel => "rl",
        SensorKind.SoilMoisture => "sm",
        _ => "tm",
    };
}
