namespace Edge.Cloud.Alerts;

/// <summary>
/// One alarm change for the engine (<see cref="AlertEngine"/>), from a gateway's alert or from the cloud's own rules:
/// <see cref="State"/> is <c>raised</c> (a new alarm or a change of severity) or <c>cleared</c>.
/// </summary>
internal sealed record AlertTransition(
    string DeviceId,
    string Rule,
    string Metric,
    string Severity,
    string State,
    double Value,
    double Threshold,
    DateTimeOffset Ts,
    string Origin,
    AlertCategory Category)
{
    /// <summary>The gateway's alert record (origin edge), when it came from one.</summary>
    public string? EdgeAlertId { get; init; }

    /// <summary>The rule and version it was raised under (cloud rules).</summary>
    public Guid? RuleId { get; init; }

    public int? RuleVersion { get; init; }
}

/// <summary>Hazard alerts warn people; maintenance alerts (battery, radio, silence) send a technician. Kept apart.</summary>
internal enum AlertCategory
{
    Hazard = 0,
    Maintenance = 1,
}

internal static class AlertCategories
{
    /// <summary>Device-health metrics (as <c>Edge.Rules</c> classifies them): battery, radio and silence.</summary>
    public static AlertCategory ForMetric(string metric) => metric switch
    {
        Edge.Telemetry.CanonicalMetrics.BatteryV or Edge.Telemetry.CanonicalMetrics.RssiDbm or Edge.Telemetry.CanonicalMetrics.SnrDb
            or Edge.Rules.Rule.SilenceMetric => AlertCategory.Maintenance,
        _ => AlertCategory.Hazard,
    };

    public static AlertCategory From(Edge.Rules.AlarmCategory category) =>
        category == Edge.Rules.AlarmCategory.DeviceHealth ? AlertCategory.Maintenance : AlertCategory.Hazard;

    public static string ToColumn(this AlertCategory category) => category == AlertCategory.Maintenance ? "maintenance" : "hazard";
}

/// <summary>What the engine did to one alert: <c>raised</c>, <c>updated</c>, <c>cleared</c> or <c>resolved</c>.</summary>
internal sealed record AlertChange(Guid AlertId, string Change);
