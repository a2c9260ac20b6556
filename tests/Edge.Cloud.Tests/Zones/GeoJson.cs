using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Edge.Cloud.Tests.Zones;

/// <summary>GeoJSON bodies for the zone and boundary endpoints, and devices placed straight into the database.</summary>
internal static class GeoJson
{
    /// <summary>About 10 m in degrees of latitude (or of longitude near the equator).</summary>
    public const double TenMetres = 0.00009;

    public static string Square(double west, double south, double east, double north) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"type":"Polygon","coordinates":[[[{{west}},{{south}}],[{{east}},{{south}}],[{{east}},{{north}}],[{{west}},{{north}}],[{{west}},{{south}}]]]}""");

    public static string Zone(string name, string kind, int? population, string geometry, Guid? municipality = null)
    {
        var properties = new Dictionary<string, object?> { ["name"] = name, ["kind"] = kind, ["population"] = population };
        if (municipality.HasValue)
        {
            properties["municipality"] = municipality.Value;
        }

        return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":" + JsonSerializer.Serialize(properties) + "}";
    }

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static Task PlaceDeviceAsync(string connectionString, Guid tenantId, string id, string kind, double longitude, double latitude, string status = "active") =>
        TestData.ExecuteAsync(connectionString, """
            INSERT INTO devices (id, tenant_id, kind, name, location, status)
            VALUES (@id, @tenantId, @kind, @id, ST_SetSRID(ST_MakePoint(@longitude, @latitude), 4326)::geography, @status)
            ON CONFLICT (id) DO NOTHING
            """, new { id, tenantId, kind, longitude, latitude, status });

    public static Task SetLatestAsync(string connectionString, Guid tenantId, string deviceId, DateTimeOffset at, string valuesJson) =>
        TestData.ExecuteAsync(connectionString, """
            INSERT INTO device_latest (device_id, tenant_id, reading_id, ts, "values", last_seen_at)
            VALUES (@deviceId, @tenantId, @deviceId || ':1', @at, @valuesJson::jsonb, @at)
            ON CONFLICT (device_id) DO NOTHING
            """, new { deviceId, tenantId, at, valuesJson });
}
