using Edge.Telemetry;

namespace Edge.Risk.Faults;

/// <summary>
/// What is physically plausible for one metric: whether it should vary from report to report (so a run of identical
/// values is a stuck sensor), the resolution below which two readings count as equal (also the floor of robust scales),
/// and the fastest credible change per hour (null: no limit, e.g. per-report rain amounts).
/// </summary>
public sealed record MetricFaultProfile(string Metric, bool ShouldVary, double Resolution, double? MaxChangePerHour, int StuckReports = 60)
{
    /// <summary>
    /// Defaults for the canonical metrics (CONTRACTS.md section 3): the project's engineering choice, to be tuned per
    /// sensor model (docs/risk.md). A metric not listed gets a profile that never flags stuck values or jumps.
    /// </summary>
    public static MetricFaultProfile For(string metric) => metric switch
    {
        CanonicalMetrics.WaterLevelM => new(metric, ShouldVary: true, Resolution: 0.0005, MaxChangePerHour: 5),
        CanonicalMetrics.SoilMoisturePct => new(metric, ShouldVary: true, Resolution: 0.01, MaxChangePerHour: 40),
        CanonicalMetrics.PorePressureKpa => new(metric, ShouldVary: true, Resolution: 0.01, MaxChangePerHour: 100),
        CanonicalMetrics.TiltXDeg or CanonicalMetrics.TiltYDeg => new(metric, ShouldVary: true, Resolution: 0.0001, MaxChangePerHour: 10),
        CanonicalMetrics.TemperatureC => new(metric, ShouldVary: true, Resolution: 0.01, MaxChangePerHour: 20),
        CanonicalMetrics.DisplacementMm => new(metric, ShouldVary: false, Resolution: 0.01, MaxChangePerHour: 1000),
        CanonicalMetrics.BatteryV => new(metric, ShouldVary: false, Resolution: 0.001, MaxChangePerHour: 3),
        _ => new(metric, ShouldVary: false, Resolution: 0, MaxChangePerHour: null),
    };
}
