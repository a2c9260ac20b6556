using Edge.Telemetry;

namespace Edge.Rules;

/// <summary>
/// What an alarm is about. PRODUCT.md: dead batteries and silent devices are faults, not hazards, and are told apart;
/// a village siren should only ever sound for a <see cref="Hazard"/>.
/// </summary>
public enum AlarmCategory
{
    /// <summary>The physical world is dangerous: rain, river, slope.</summary>
    Hazard = 0,

    /// <summary>The monitoring is failing: battery, silence, radio. Someone must fix a device; nobody must evacuate.</summary>
    DeviceHealth = 1,
}

internal static class AlarmCategories
{
    /// <summary>Device-health metrics; every other metric is a hazard.</summary>
    public static AlarmCategory ForMetric(string metric) => metric switch
    {
        CanonicalMetrics.BatteryV or CanonicalMetrics.RssiDbm or CanonicalMetrics.SnrDb or Rule.SilenceMetric => AlarmCategory.DeviceHealth,
        _ => AlarmCategory.Hazard,
    };
}
