using Edge.Telemetry.Contracts;

namespace Edge.Rules;

/// <summary>
/// A change of an alarm's state, at the measurement time it happened (<see cref="Ts"/>). Every transition is a fact to
/// record and forward (as an <see cref="Alert"/>); whether to tell people now is a separate decision
/// (<see cref="AlarmNotification"/>).
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Rule">The rule's name (<see cref="Edge.Rules.Rule.Name"/>): with the device, the alarm's identity.</param>
/// <param name="Metric">The rule's metric (<see cref="Edge.Rules.Rule.SilenceMetric"/> for silence).</param>
/// <param name="Change">What happened.</param>
/// <param name="Severity">The severity after the change; for <see cref="AlarmChange.Cleared"/>, the severity the alarm had.</param>
/// <param name="Value">The condition's value: the reading, the window's sum, the rate per hour, or the seconds of silence.</param>
/// <param name="Threshold">The level crossed: a raise level when raising or escalating, a clear level when de-escalating or clearing.</param>
/// <param name="Ts">Measurement time of the change (for silence: clock time).</param>
/// <param name="Category">Hazard or device health: only hazards should sound a siren.</param>
/// <param name="Cause">Why: the readings, or a configuration that withdrew the rule.</param>
public sealed record AlarmTransition(
    string DeviceId,
    string Rule,
    string Metric,
    AlarmChange Change,
    AlarmSeverity Severity,
    double Value,
    double Threshold,
    DateTimeOffset Ts,
    AlarmCategory Category,
    AlarmCause Cause)
{
    /// <summary>
    /// The contract record (CONTRACTS section 4). A change of severity is a <c>raised</c> alert with the new severity for
    /// the same device and rule: it updates the open alarm rather than opening another.
    /// </summary>
    public Alert ToAlert(string id, string gatewayId, string origin = "edge") => new()
    {
        Id = id,
        GatewayId = gatewayId,
        DeviceId = DeviceId,
        Rule = Rule,
        Metric = Metric,
        Severity = Severity.ToContractString(),
        State = Change == AlarmChange.Cleared ? "cleared" : "raised",
        Value = Value,
        Threshold = Threshold,
        Ts = Ts,
        Origin = origin,
    };
}
