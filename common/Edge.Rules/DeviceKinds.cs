using System.Collections.Frozen;

namespace Edge.Rules;

/// <summary>The device kinds a rule can be scoped to (the cloud's <c>devices.kind</c>).</summary>
public static class DeviceKinds
{
    public const string RainGauge = "rain_gauge";
    public const string RiverLevel = "river_level";
    public const string SoilMoisture = "soil_moisture";
    public const string TiltMeter = "tilt_meter";

    public static FrozenSet<string> All { get; } = FrozenSet.Create(StringComparer.Ordinal, RainGauge, RiverLevel, SoilMoisture, TiltMeter);
}
