using Dapper;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Devices;

/// <summary>
/// <c>GET /api/v1/devices</c>: the caller's devices as a GeoJSON FeatureCollection with their latest values, status and
/// last-seen time and its history links (the device it replaced, the one that replaced it) (CONTRACTS section 5); <c>GET /api/v1/devices/{id}</c>: one of them as a Feature.
/// The GeoJSON is built by PostGIS.
/// </summary>
internal static class DevicesApi
{
    internal const string GeoJsonContentType = "application/geo+json";

    internal const string Feature = """
        jsonb_build_object(
            'type', 'Feature',
            'id', d.id,
            'geometry', ST_AsGeoJSON(d.location::geometry, 7)::jsonb,
            'properties', jsonb_build_object(
                'id', d.id, 'name', d.name, 'kind', d.kind, 'status', d.status, 'gatewayId', d.gateway_id,
                'locationApproximate', d.location_source = 'approximate',
                'lastSeen', l.last_seen_at, 'measuredAt', l.ts, 'latestReadingId', l.reading_id,
                'latest', COALESCE(l."values", '{}'::jsonb),
                'installedOn', d.installed_on, 'retiredAt', d.retired_at, 'replaces', d.replaces_device_id,
                'replacedBy', (SELECT s.id FROM devices s WHERE s.replaces_device_id = d.id),
                'devEui', d.dev_eui, 'profileId', d.profile_id, 'smsNumbers', to_jsonb(d.sms_numbers), 'reportIntervalS', d.report_interval_s))
        """;

    private const string SelectCollection = $"""
        SELECT jsonb_build_object('type', 'FeatureCollection',
                                  'features', COALESCE(jsonb_agg({Feature} ORDER BY d.id), '[]'::jsonb))::text
        FROM devices d LEFT JOIN device_latest l ON l.device_id = d.id
        WHERE d.status <> 'retired'
        """;

    private const string SelectOne = $"""
        SELECT {Feature}::text
        FROM devices d LEFT JOIN device_latest l ON l.device_id = d.id
        WHERE d.id = @DeviceId
        """;

    public static RouteGroupBuilder MapDevicesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/devices", ListAsync);
        api.MapGet("/devices/{deviceId}", GetAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "list-devices");
        var json = await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(SelectCollection, transaction: session.Transaction, cancellationToken: cancellationToken));
        return TypedResults.Text(json!, GeoJsonContentType);
    }

    /// <summary>One device as a GeoJSON Feature, or null when the transaction's municipality has no such device.</summary>
    internal static Task<string?> ReadFeatureAsync(TenantTransaction session, string deviceId, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectOne, new { DeviceId = deviceId }, session.Transaction, cancellationToken: cancellationToken));

    private static async Task<IResult> GetAsync(string deviceId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "get-device");
        var json = await ReadFeatureAsync(session, deviceId, cancellationToken);
        return json is null
            ? TypedResults.Problem($"no device {deviceId}", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Text(json, GeoJsonContentType);
    }
}
