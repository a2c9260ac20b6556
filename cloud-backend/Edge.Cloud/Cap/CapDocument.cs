using System.Globalization;
using System.Xml.Linq;
using Edge.Cloud.Alerts;

namespace Edge.Cloud.Cap;

/// <summary>
/// One alert as a CAP 1.2 document (OASIS Common Alerting Protocol, namespace <c>urn:oasis:names:tc:emergency:cap:1.2</c>):
/// <c>Alert</c> while the condition holds, <c>Update</c> (urgency Past, referring to the first message) once it cleared or
/// was resolved. Times with an explicit offset (<c>-00:00</c> for UTC: CAP forbids <c>Z</c>).
/// </summary>
internal static class CapDocument
{
    public static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    public const string ContentType = "application/cap+xml";

    public static XDocument Create(AlertView alert, CapArea area, string sender, string? deviceName)
    {
        var ended = alert.ClearedAt is not null || alert.Status == "resolved";
        var raised = new DateTimeOffset(DateTime.SpecifyKind(alert.RaisedAt, DateTimeKind.Utc));
        var updated = new DateTimeOffset(DateTime.SpecifyKind(alert.UpdatedAt, DateTimeKind.Utc));
        var (category, @event) = CapMapping.Event(alert.Metric);
        var place = deviceName ?? alert.DeviceId ?? area.Description;
        var value = alert.Value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "?";
        var threshold = alert.Threshold?.ToString("0.###", CultureInfo.InvariantCulture) ?? "?";
        var root = new XElement(Cap + "alert",
            new XElement(Cap + "identifier", ended ? $"{alert.Id}-update-{updated.ToUnixTimeSeconds()}" : alert.Id.ToString()),
            new XElement(Cap + "sender", sender),
            new XElement(Cap + "sent", Time(ended ? updated : raised)),
            new XElement(Cap + "status", "Actual"),
            new XElement(Cap + "msgType", ended ? "Update" : "Alert"),
            new XElement(Cap + "scope", "Public"));
        if (ended)
        {
            root.Add(new XElement(Cap + "references", $"{sender},{alert.Id},{Time(raised)}"));
        }

        root.Add(new XElement(Cap + "info",
            new XElement(Cap + "language", "en-US"),
            new XElement(Cap + "category", category),
            new XElement(Cap + "event", @event),
            new XElement(Cap + "urgency", CapMapping.Urgency(alert)),
            new XElement(Cap + "severity", CapMapping.Severity(alert.Severity)),
            new XElement(Cap + "certainty", CapMapping.Certainty(alert.Origin)),
            new XElement(Cap + "onset", Time(raised)),
            new XElement(Cap + "senderName", "Edge early warning"),
            new XElement(Cap + "headline", $"{@event}: {alert.Severity} at {place}"),
            new XElement(Cap + "description",
                $"{alert.Rule}: {value} measured at {place} (threshold {threshold})." + (ended ? " The condition has ended." : string.Empty)),
            new XElement(Cap + "instruction", ended ? "The warning is over; follow local authorities." : "Follow the instructions of local authorities."),
            Area(area)));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    /// <summary>CAP's date-time: <c>2026-11-21T10:00:00-00:00</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "-00:00";

    private static XElement Area(CapArea area)
    {
        var element = new XElement(Cap + "area", new XElement(Cap + "areaDesc", area.Description));
        foreach (var polygon in area.Polygons)
        {
            element.Add(new XElement(Cap + "polygon", polygon));
        }

        if (area.Polygons.Count == 0 && area.Circle is { } circle)
        {
            element.Add(new XElement(Cap + "circle", circle));
        }

        return element;
    }
}

/// <summary>Where a CAP message applies: the zones' outer rings as CAP polygons ("lat,lon lat,lon ..."), or a circle around the sensor.</summary>
internal sealed record CapArea(string Description, IReadOnlyList<string> Polygons, string? Circle);
