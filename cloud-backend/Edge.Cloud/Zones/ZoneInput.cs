using System.Text.Json;

namespace Edge.Cloud.Zones;

/// <summary>
/// A zone as a person sends it: a GeoJSON Feature whose geometry is a Polygon or MultiPolygon and whose properties
/// are <c>name</c>, <c>kind</c> (landslide, flood, village), <c>population</c> (optional) and, for a superadmin
/// creating a zone, <c>municipality</c> (its id). The same shape <c>GET /zones</c> returns, so a zone can be read,
/// changed and sent back. The geometry itself is judged by PostGIS (<see cref="PolygonCheck"/>).
/// </summary>
internal sealed record ZoneInput(string Name, string Kind, int? Population, string GeometryJson, Guid? Municipality)
{
    public static readonly IReadOnlyList<string> Kinds = ["landslide", "flood", "village"];

    public static bool TryRead(JsonElement body, out ZoneInput? input, out string? problem)
    {
        input = null;
        problem = Read(body, ref input);
        return problem is null;
    }

    private static string? Read(JsonElement body, ref ZoneInput? input)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Feature")
        {
            return "send a GeoJSON Feature: {\"type\":\"Feature\",\"geometry\":{Polygon},\"properties\":{\"name\",\"kind\",\"population\"}}";
        }

        if (!body.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            return "the Feature has no geometry";
        }

        if (!body.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return "the Feature has no properties (name, kind, population)";
        }

        var name = properties.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : string.Empty;
        if (name.Length is 0 or > 200)
        {
            return "name is required, at most 200 characters";
        }

        var kind = properties.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : string.Empty;
        if (!Kinds.Contains(kind))
        {
            return $"kind must be one of {string.Join(", ", Kinds)}";
        }

        int? population = null;
        if (properties.TryGetProperty("population", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out var people) || people < 0)
            {
                return "population must be a whole number of people, 0 or more";
            }

            population = people;
        }

        Guid? municipality = null;
        if (properties.TryGetProperty("municipality", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.String || !Guid.TryParse(m.GetString(), out var id))
            {
                return "municipality must be a municipality's id";
            }

            municipality = id;
        }

        input = new ZoneInput(name, kind, population, geometry.GetRawText(), municipality);
        return null;
    }
}
