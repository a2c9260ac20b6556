using System.Globalization;
using System.Text.Json;

namespace Edge.Cloud.Notifications;

/// <summary>The words of an SMS or e-mail about an alert, from the outbox payload (short enough for one SMS).</summary>
internal static class NotificationText
{
    public static string Subject(string payload)
    {
        var alert = Read(payload);
        return $"[{alert.Severity.ToUpperInvariant()}] {alert.Rule} at {alert.Where}";
    }

    public static string Body(string payload)
    {
        var alert = Read(payload);
        var value = alert.Value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "?";
        var threshold = alert.Threshold is { } t ? t.ToString("0.###", CultureInfo.InvariantCulture) : "?";
        return $"{alert.Severity.ToUpperInvariant()} {alert.Rule} at {alert.Where}: {value} (threshold {threshold}) since {alert.RaisedAt} UTC. "
            + $"Tier {alert.Tier}. Acknowledge in the control room. Alert {alert.Id}";
    }

    private static (string Id, string Severity, string Rule, string Where, double? Value, double? Threshold, string RaisedAt, int Tier) Read(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : string.Empty;
        double? Number(string name) => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;
        var raisedAt = root.TryGetProperty("raisedAt", out var r) && r.TryGetDateTimeOffset(out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "?";
        var where = Text("deviceId") is { Length: > 0 } device ? device : "zone " + Text("zoneId");
        return (Text("alertId"), Text("severity"), Text("rule"), where, Number("value"), Number("threshold"), raisedAt,
            root.TryGetProperty("tier", out var tier) && tier.ValueKind == JsonValueKind.Number ? tier.GetInt32() : 0);
    }
}
