using Edge.Cloud.Alerts;
using Edge.Telemetry;

namespace Edge.Cloud.Cap;

/// <summary>
/// How an Edge alert is said in CAP 1.2 (docs/alerts.md lists the table): severity from the alert's severity, urgency
/// from whether the condition still holds, certainty from who raised it, category and event from the metric.
/// </summary>
internal static class CapMapping
{
    /// <summary>info Minor, warning Moderate, critical Severe (Extreme is left for an evacuation order, a person's decision).</summary>
    public static string Severity(string severity) => severity switch
    {
        "critical" => "Severe",
        "warning" => "Moderate",
        "info" => "Minor",
        _ => "Unknown",
    };

    /// <summary>Past once the condition cleared or the alert was resolved; else Immediate for critical, Expected otherwise.</summary>
    public static string Urgency(AlertView alert) =>
        alert.ClearedAt is not null || alert.Status == "resolved" ? "Past"
        : alert.Severity == "critical" ? "Immediate"
        : "Expected";

    /// <summary>A sensor reading past a threshold (edge or cloud rules) is Observed; the risk model's estimate is Likely.</summary>
    public static string Certainty(string origin) => origin == "risk" ? "Likely" : "Observed";

    /// <summary>Rain and river are meteorological/hydrological (Met); slope, soil and pore pressure are geophysical (Geo).</summary>
    public static (string Category, string Event) Event(string? metric) => metric switch
    {
        CanonicalMetrics.RainMm or CanonicalMetrics.RainRateMmh => ("Met", "Heavy rainfall"),
        CanonicalMetrics.WaterLevelM => ("Met", "River flood"),
        CanonicalMetrics.TiltXDeg or CanonicalMetrics.TiltYDeg or CanonicalMetrics.DisplacementMm => ("Geo", "Slope movement"),
        CanonicalMetrics.SoilMoisturePct or CanonicalMetrics.PorePressureKpa => ("Geo", "Landslide conditions"),
        _ => ("Other", "Hazard threshold exceeded"),
    };
}
