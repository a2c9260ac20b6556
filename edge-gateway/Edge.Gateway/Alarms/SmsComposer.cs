using System.Globalization;
using Edge.Rules;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Alarms;

/// <summary>Turns a notification into one short SMS per contact whose threshold it meets (one SMS each: alarms must fit).</summary>
internal static class SmsComposer
{
    public static IEnumerable<SmsDraft> Compose(AlarmNotification notification, string gatewayId, IEnumerable<AlarmContact> contacts)
    {
        // All clear goes to whoever was told about the alarm; news goes to whoever wants news this severe.
        var severity = notification.Severity == AlarmSeverity.None ? notification.PreviousSeverity : notification.Severity;
        var text = Text(notification, gatewayId);
        return contacts
            .Where(contact => AlarmSeverities.TryParse(contact.MinSeverity, out var minimum) && severity >= minimum)
            .Select(contact => contact.Phone)
            .Distinct(StringComparer.Ordinal)
            .Select(phone => new SmsDraft(phone, text));
    }

    internal static string Text(AlarmNotification n, string gatewayId)
    {
        var when = n.Ts.UtcDateTime.ToString("dd MMM HH:mm", CultureInfo.InvariantCulture);
        var value = n.Value.ToString("0.##", CultureInfo.InvariantCulture);
        return n.Severity == AlarmSeverity.None
            ? $"EDGE ALL CLEAR {n.DeviceId}: {n.Rule} ended ({n.Metric} {value}) {when} UTC, {gatewayId}"
            : $"EDGE {n.Severity.ToContractString().ToUpperInvariant()} {n.DeviceId}: {n.Rule} ({n.Metric} {value}) {when} UTC, {gatewayId}";
    }
}
