using Edge.FirmwareSim.Sensors;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Tests.Sensors;

/// <summary>What every report of each kind must carry, in this order.</summary>
internal static class KindMetrics
{
    public static IReadOnlyList<string> Of(SensorKind kind) => kind switch
    {
        SensorKind.RainGauge => [CanonicalMetrics.RainMm, CanonicalMetrics.RainRateMmh, CanonicalMetrics.BatteryV, CanonicalMetrics.TemperatureC],
        SensorKind.RiverLevel => [CanonicalMetrics.WaterLevelM, CanonicalMetrics.BatteryV],
        SensorKind.SoilMoisture => [CanonicalMetrics.SoilMoisturePct, CanonicalMetrics.PorePressureKpa, CanonicalMetrics.BatteryV],
        _ => [CanonicalMetrics.TiltXDeg, CanonicalMetrics.TiltYDeg, CanonicalMetrics.DisplacementMm, CanonicalMetrics.BatteryV],
    };
}
