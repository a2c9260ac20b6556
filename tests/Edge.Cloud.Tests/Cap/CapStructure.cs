using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Edge.Cloud.Tests.Cap;

/// <summary>
/// Checks a document against the structure of OASIS CAP 1.2 (section 3 of the specification): the elements of
/// alert, info and area in the schema's sequence order, the required ones present, the enumerated values, the
/// date-time form and polygons. The XSD itself is not obtainable on this machine (no internet, no Debian package
/// ships it), so this is a transcription of the specification's rules, not a schema validation.
/// </summary>
internal static partial class CapStructure
{
    public static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    private static readonly (string Name, bool Required, bool Many)[] AlertSequence =
    [
        ("identifier", true, false), ("sender", true, false), ("sent", true, false), ("status", true, false), ("msgType", true, false),
        ("source", false, false), ("scope", true, false), ("restriction", false, false), ("addresses", false, false), ("code", false, true),
        ("note", false, false), ("references", false, false), ("incidents", false, false), ("info", false, true),
    ];

    private static readonly (string Name, bool Required, bool Many)[] InfoSequence =
    [
        ("language", false, false), ("category", true, true), ("event", true, false), ("responseType", false, true), ("urgency", true, false),
        ("severity", true, false), ("certainty", true, false), ("audience", false, false), ("eventCode", false, true), ("effective", false, false),
        ("onset", false, false), ("expires", false, false), ("senderName", false, false), ("headline", false, false), ("description", false, false),
        ("instruction", false, false), ("web", false, false), ("contact", false, false), ("parameter", false, true), ("resource", false, true),
        ("area", false, true),
    ];

    private static readonly (string Name, bool Required, bool Many)[] AreaSequence =
    [
        ("areaDesc", true, false), ("polygon", false, true), ("circle", false, true), ("geocode", false, true), ("altitude", false, false), ("ceiling", false, false),
    ];

    private static readonly Dictionary<string, string[]> Enumerations = new()
    {
        ["status"] = ["Actual", "Exercise", "System", "Test", "Draft"],
        ["msgType"] = ["Alert", "Update", "Cancel", "Ack", "Error"],
        ["scope"] = ["Public", "Restricted", "Private"],
        ["category"] = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"],
        ["urgency"] = ["Immediate", "Expected", "Future", "Past", "Unknown"],
        ["severity"] = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"],
        ["certainty"] = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"],
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$")]
    private static partial Regex DateTime();

    public static List<string> Problems(XDocument document)
    {
        var problems = new List<string>();
        var alert = document.Root!;
        if (alert.Name != Cap + "alert")
        {
            return [$"root is {alert.Name}, not {{{Cap}}}alert"];
        }

        CheckSequence(alert, AlertSequence, problems);
        foreach (var name in new[] { "sender", "identifier" })
        {
            if (alert.Element(Cap + name)?.Value is { } text && (text.Contains(' ', StringComparison.Ordinal) || text.Contains(',', StringComparison.Ordinal)))
            {
                problems.Add($"{name} contains a space or comma");
            }
        }

        foreach (var info in alert.Elements(Cap + "info"))
        {
            CheckSequence(info, InfoSequence, problems);
            foreach (var area in info.Elements(Cap + "area"))
            {
                CheckSequence(area, AreaSequence, problems);
                foreach (var polygon in area.Elements(Cap + "polygon"))
                {
                    CheckPolygon(polygon.Value, problems);
                }
            }
        }

        foreach (var element in alert.Descendants())
        {
            var name = element.Name.LocalName;
            if (Enumerations.TryGetValue(name, out var allowed) && !allowed.Contains(element.Value, StringComparer.Ordinal))
            {
                problems.Add($"{name} '{element.Value}' is not one of {string.Join(", ", allowed)}");
            }

            if (name is "sent" or "effective" or "onset" or "expires" && !DateTime().IsMatch(element.Value))
            {
                problems.Add($"{name} '{element.Value}' is not a CAP date-time (explicit offset, no Z)");
            }

            if (element.Name.Namespace != Cap)
            {
                problems.Add($"{element.Name} is outside the CAP namespace");
            }
        }

        return problems;
    }

    private static void CheckSequence(XElement parent, (string Name, bool Required, bool Many)[] sequence, List<string> problems)
    {
        var last = -1;
        foreach (var child in parent.Elements())
        {
            var index = Array.FindIndex(sequence, s => s.Name == child.Name.LocalName);
            if (index < 0)
            {
                problems.Add($"{parent.Name.LocalName} has an unknown element {child.Name.LocalName}");
                continue;
            }

            if (index < last)
            {
                problems.Add($"{child.Name.LocalName} is out of order in {parent.Name.LocalName}");
            }
            else if (index == last && !sequence[index].Many)
            {
                problems.Add($"{child.Name.LocalName} occurs more than once in {parent.Name.LocalName}");
            }

            last = index;
        }

        foreach (var (name, required, _) in sequence)
        {
            if (required && parent.Element(Cap + name) is null)
            {
                problems.Add($"{parent.Name.LocalName} lacks {name}");
            }
        }
    }

    /// <summary>CAP polygon: at least four "lat,lon" pairs separated by spaces, the first and last equal, WGS 84 ranges.</summary>
    private static void CheckPolygon(string polygon, List<string> problems)
    {
        var points = polygon.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (points.Length < 4 || points[0] != points[^1])
        {
            problems.Add($"polygon of {points.Length} points is not closed or too short");
        }

        foreach (var point in points)
        {
            var parts = point.Split(',');
            if (parts.Length != 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var lat) || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var lon)
                || lat is < -90 or > 90 || lon is < -180 or > 180)
            {
                problems.Add($"polygon point '{point}' is not lat,lon");
            }
        }
    }
}
