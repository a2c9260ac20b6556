using System.ComponentModel.DataAnnotations;

namespace Edge.Cloud.Alerts;

/// <summary>How alarms become alerts and whom they reach (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>
    /// Resolve a hazard alert as 'system' when its condition clears. Off: a person resolves every hazard alert (its
    /// <c>clearedAt</c> shows the condition ended). Maintenance alerts (battery, radio, silence) always resolve on clear.
    /// </summary>
    public bool AutoResolveHazardsOnClear { get; set; }

    /// <summary>Evaluate the municipality's current rules in the cloud on every stored reading (besides the gateways' own alarms).</summary>
    public bool CloudRulesEnabled { get; set; } = true;

    /// <summary>How long the cloud keeps a municipality's rules before reading them again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RuleRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
