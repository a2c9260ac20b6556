namespace Edge.Rules;

/// <summary>
/// Tell people (siren, SMS) about an alarm's current state. Raised when the state is more severe than what people were
/// last told, at once; when it is less severe (de-escalated, cleared), at most once per
/// <see cref="RuleEngineOptions.RenotifyInterval"/>; never for an episode that was over before anyone could have been told.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Rule">The rule's name.</param>
/// <param name="Metric">The rule's metric.</param>
/// <param name="Severity">The current severity; <see cref="AlarmSeverity.None"/> means all clear.</param>
/// <param name="PreviousSeverity">What people were last told for this device and rule.</param>
/// <param name="Value">The condition's value at that transition.</param>
/// <param name="Threshold">The level it crossed.</param>
/// <param name="Ts">Measurement time of the transition that led to the current state.</param>
/// <param name="Category">Hazard or device health: only hazards should sound a siren.</param>
public sealed record AlarmNotification(
    string DeviceId,
    string Rule,
    string Metric,
    AlarmSeverity Severity,
    AlarmSeverity PreviousSeverity,
    double Value,
    double Threshold,
    DateTimeOffset Ts,
    AlarmCategory Category);
