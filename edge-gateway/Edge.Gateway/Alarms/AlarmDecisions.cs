using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Alarms;

/// <summary>An SMS to send, journaled with the alert that caused it.</summary>
internal sealed record SmsDraft(string Phone, string Text);

/// <summary>What the rules decided about a group of readings: alerts to journal and forward, SMS to send.</summary>
internal sealed record AlarmDecisions(IReadOnlyList<Alert> Alerts, IReadOnlyList<SmsDraft> Sms)
{
    public static readonly AlarmDecisions None = new([], []);

    public bool IsEmpty => Alerts.Count == 0 && Sms.Count == 0;
}
