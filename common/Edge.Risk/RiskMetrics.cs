namespace Edge.Risk;

/// <summary>The canonical metric names (CONTRACTS.md section 3) the risk features read.</summary>
public static class RiskMetrics
{
    public const string RainMm = "rain_mm";
    public const string WaterLevelM = "water_level_m";
    public const string SoilMoisturePct = "soil_moisture_pct";
    public const string PorePressureKpa = "pore_pressure_kpa";
    public const string TiltXDeg = "tilt_x_deg";
    public const string TiltYDeg = "tilt_y_deg";
    public const string DisplacementMm = "displacement_mm";
    public const string BatteryV = "battery_v";
    public const string TemperatureC = "temperature_c";
}
