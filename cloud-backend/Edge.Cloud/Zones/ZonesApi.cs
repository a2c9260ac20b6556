using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Edge.Cloud.Devices;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Zones;

/// <summary>
/// <c>GET /api/v1/zones</c>: the caller's zones as a GeoJSON FeatureCollection with their population, the devices
/// inside and the open alerts; <c>GET /zones/{id}</c>, <c>GET /zones/{id}/devices</c> (the devices inside, as
/// <c>GET /devices</c> shows them) and <c>GET /zones/{id}/summary</c>. Changes: <see cref="ZoneEditing"/>.
/// "Inside" is PostGIS's ST_Covers on geography (a device on the edge counts), answered by the devices' GiST index.
/// </summary>
internal static class ZonesApi
{
    /// <summary>Devices of the zone's municipality, not retired, inside zone <c>z</c>.</summary>
    internal const string DevicesInside = "d.tenant_id = z.tenant_id AND d.status <> 'retired' AND ST_Covers(z.area, d.location)";

    /// <summary>Alerts of zone <c>z</c>'s municipality about the zone or one of the devices inside it.</summary>
    private const string AlertsOfZone = $"""
        a.tenant_id = z.tenant_id AND (a.zone_id = z.id OR a.device_id IN (SELECT d.id FROM devices d WHERE {DevicesInside}))
        """;

    internal const string Feature = $"""
        jsonb_build_object(
            'type', 'Feature',
            'id', z.id,
            'geometry', ST_AsGeoJSON(z.area::geometry, 7)::jsonb,
            'properties', jsonb_build_object(
                'id', z.id, 'name', z.name, 'kind', z.kind, 'population', z.population, 'municipality', z.tenant_id,
                'devices', (SELECT count(*) FROM devices d WHERE {DevicesInside}),
                'openAlerts', (SELECT count(*) FROM alerts a WHERE a.status = 'open' AND {AlertsOfZone}),
                'risk', NULL,
                'createdAt', z.created_at, 'updatedAt', z.updated_at, 'updatedBy', z.updated_by))
        """;

    private const string SelectCollection = $"""
        SELECT jsonb_build_object('type', 'FeatureCollection',
                                  'features', COALESCE(jsonb_agg({Feature} ORDER BY z.kind, z.name, z.id), '[]'::jsonb))::text
        FROM zones z
        """;

    internal const string SelectOne = $"SELECT {Feature}::text FROM zones z WHERE z.id = @ZoneId";

    private const string SelectDevicesInside = $"""
        SELECT jsonb_build_object('type', 'FeatureCollection',
                                  'features', COALESCE(jsonb_agg({DevicesApi.Feature} ORDER BY d.id), '[]'::jsonb))::text
        FROM zones z JOIN devices d ON {DevicesInside} LEFT JOIN device_latest l ON l.device_id = d.id
        WHERE z.id = @ZoneId
        """;

    private const string ZoneVisible = "SELECT EXISTS (SELECT 1 FROM zones WHERE id = @ZoneId)";

    private const string SelectSummary = $"""
        WITH z AS (SELECT * FROM zones WHERE id = @ZoneId),
             inside AS (SELECT d.id, d.kind, d.status FROM z JOIN devices d ON {DevicesInside}),
             latest AS (SELECT l.* FROM device_latest l JOIN inside i ON i.id = l.device_id),
             latest_values AS (SELECT v.key AS metric, v.value::text::float8 AS value
                               FROM latest l, jsonb_each(l."values") AS v WHERE jsonb_typeof(v.value) = 'number'),
             zone_alerts AS (SELECT a.status FROM z, alerts a WHERE {AlertsOfZone})
        SELECT jsonb_build_object(
            'zone', jsonb_build_object('id', z.id, 'name', z.name, 'kind', z.kind, 'population', z.population, 'municipality', z.tenant_id),
            'devices', jsonb_build_object(
                'total', (SELECT count(*) FROM inside),
                'byKind', COALESCE((SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*) AS n FROM inside GROUP BY kind) AS k), jsonb_build_object()),
                'byStatus', COALESCE((SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM inside GROUP BY status) AS s), jsonb_build_object()),
                'reporting', (SELECT count(*) FROM latest)),
            'metrics', COALESCE((SELECT jsonb_object_agg(metric, jsonb_build_object('min', lo, 'max', hi, 'mean', mean, 'devices', n))
                                 FROM (SELECT metric, min(value) AS lo, max(value) AS hi, avg(value) AS mean, count(*) AS n
                                       FROM latest_values GROUP BY metric) AS m), jsonb_build_object()),
            'lastSeen', (SELECT max(last_seen_at) FROM latest),
            'alerts', jsonb_build_object(
                'open', (SELECT count(*) FROM zone_alerts WHERE status = 'open'),
                'acknowledged', (SELECT count(*) FROM zone_alerts WHERE status = 'acknowledged')))::text
        FROM z
        """;

    public static RouteGroupBuilder MapZonesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/zones", ListAsync);
        api.MapGet("/zones/{zoneId:guid}", GetAsync);
        api.MapGet("/zones/{zoneId:guid}/devices", DevicesAsync);
        api.MapGet("/zones/{zoneId:guid}/summary", SummaryAsync);
        api.MapZoneEditing();
        return api;
    }

    private static async Task<IResult> ListAsync(TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "list-zones");
        var json = await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(SelectCollection, transaction: session.Transaction, cancellationToken: cancellationToken));
        return TypedResults.Text(json!, DevicesApi.GeoJsonContentType);
    }

    private static Task<IResult> GetAsync(Guid zoneId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken) =>
        QueryZoneAsync(zoneId, SelectOne, DevicesApi.GeoJsonContentType, "get-zone", scope, database, cancellationToken);

    private static async Task<IResult> DevicesAsync(Guid zoneId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "list-zone-devices");
        if (!await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(ZoneVisible, new { ZoneId = zoneId }, session.Transaction, cancellationToken: cancellationToken)))
        {
            return NoZone(zoneId);
        }

        var json = await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(SelectDevicesInside, new { ZoneId = zoneId }, session.Transaction, cancellationToken: cancellationToken));
        return TypedResults.Text(json!, DevicesApi.GeoJsonContentType);
    }

    private static Task<IResult> SummaryAsync(Guid zoneId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken) =>
        QueryZoneAsync(zoneId, SelectSummary, "application/json", "zone-summary", scope, database, cancellationToken);

    private static async Task<IResult> QueryZoneAsync(
        Guid zoneId, string sql, string contentType, string auditAction, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, auditAction);
        var json = await session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, new { ZoneId = zoneId }, session.Transaction, cancellationToken: cancellationToken));
        return json is null ? NoZone(zoneId) : TypedResults.Text(json, contentType);
    }

    internal static ProblemHttpResult NoZone(Guid zoneId) => TypedResults.Problem($"no zone {zoneId}", statusCode: StatusCodes.Status404NotFound);
}
