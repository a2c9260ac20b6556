using Dapper;
using Edge.Telemetry;
using Npgsql;

namespace Edge.Cloud.Ingest;

/// <summary>A device as ingest sees it: whose it is, which gateway may send for it, whether it is in service.</summary>
internal sealed record RegisteredDevice(string Id, Guid TenantId, string? GatewayId, string Status);

/// <summary>
/// Resolves the devices of a batch, registering unknown ones when <see cref="IngestOptions.AutoRegisterUnknownDevices"/>
/// is on, and says for each device whether this gateway may write for it.
/// </summary>
internal static class DeviceRegistry
{
    private const string Unavailable = "unavailable";

    private const string SelectDevices = """
        SELECT id AS Id, tenant_id AS TenantId, gateway_id AS GatewayId, status AS Status
        FROM devices WHERE id = ANY(@Ids)
        """;

    private const string InsertAutoRegistered = """
        INSERT INTO devices (id, tenant_id, gateway_id, kind, name, location, location_source, registered_by)
        SELECT d.id, @TenantId, @GatewayId, d.kind, d.id,
               CASE WHEN d.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(d.lon, d.lat), 4326)::geography END,
               'approximate', 'auto'
        FROM unnest(@Ids::text[], @Kinds::text[], @Longitudes::float8[], @Latitudes::float8[]) AS d(id, kind, lon, lat)
        ON CONFLICT (id) DO NOTHING
        """;

    public static async Task<Dictionary<string, RegisteredDevice>> ResolveAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        AuthenticatedGateway gateway,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>> metricsByDevice,
        bool autoRegister,
        CancellationToken cancellationToken)
    {
        var ids = metricsByDevice.Keys.ToArray();
        var found = await SelectAsync(connection, transaction, ids, cancellationToken);
        var unknown = ids.Where(id => !found.ContainsKey(id)).ToArray();
        if (unknown.Length == 0 || !autoRegister)
        {
            return found;
        }

        var positions = unknown.Select(id => PlaceNear(gateway, id)).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(InsertAutoRegistered, new
        {
            gateway.TenantId,
            GatewayId = gateway.Id,
            Ids = unknown,
            Kinds = unknown.Select(id => GuessKind(metricsByDevice[id])).ToArray(),
            Longitudes = positions.Select(position => position?.Longitude).ToArray(),
            Latitudes = positions.Select(position => position?.Latitude).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        foreach (var (id, device) in await SelectAsync(connection, transaction, unknown, cancellationToken))
        {
            found[id] = device;
        }

        // Still not visible after registering: the id is taken in another municipality (row-level security hides it).
        foreach (var id in unknown.Where(id => !found.ContainsKey(id)))
        {
            found[id] = new RegisteredDevice(id, Guid.Empty, null, Unavailable);
        }

        return found;
    }

    /// <summary>Null when the gateway may write for the device, otherwise why not.</summary>
    public static string? CheckAccess(RegisteredDevice? device, string deviceId, AuthenticatedGateway gateway) => device switch
    {
        null => $"unknown device {deviceId}: provision it first",
        { Status: Unavailable } => $"device id {deviceId} cannot be registered here; provision the device under another id",
        { Status: "retired" } => $"device {deviceId} is retired",
        _ when gateway.DirectDeviceId is { } direct => direct == deviceId && device.TenantId == gateway.TenantId ? null : $"a device may send only its own readings, not {deviceId}'s",
        _ when device.GatewayId != gateway.Id || device.TenantId != gateway.TenantId =>
            $"device {deviceId} is not assigned to gateway {gateway.Id}",
        _ => null,
    };

    /// <summary>The kind of an automatically registered device, guessed from what it measures.</summary>
    internal static string GuessKind(IReadOnlyCollection<string> metrics) =>
        metrics.Contains(CanonicalMetrics.RainMm) || metrics.Contains(CanonicalMetrics.RainRateMmh) ? "rain_gauge"
        : metrics.Contains(CanonicalMetrics.WaterLevelM) ? "river_level"
        : metrics.Contains(CanonicalMetrics.TiltXDeg) || metrics.Contains(CanonicalMetrics.DisplacementMm) ? "tilt_meter"
        : metrics.Contains(CanonicalMetrics.SoilMoisturePct) || metrics.Contains(CanonicalMetrics.PorePressureKpa) ? "soil_moisture"
        : "unknown";

    /// <summary>A stable spot 100-600 m from the gateway, derived from the device id, so the map can show it until it is surveyed.</summary>
    internal static (double Longitude, double Latitude)? PlaceNear(AuthenticatedGateway gateway, string deviceId)
    {
        if (gateway.Longitude is not { } longitude || gateway.Latitude is not { } latitude)
        {
            return null;
        }

        var hash = (uint)StableHash(deviceId);
        var angle = hash % 3600 / 3600.0 * 2 * Math.PI;
        var distanceMetres = 100 + (hash / 3600 % 500);
        const double MetresPerDegree = 111_320;
        var dLat = distanceMetres * Math.Cos(angle) / MetresPerDegree;
        var dLon = distanceMetres * Math.Sin(angle) / (MetresPerDegree * Math.Cos(latitude * Math.PI / 180));
        return (longitude + dLon, latitude + dLat);
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    private static async Task<Dictionary<string, RegisteredDevice>> SelectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<RegisteredDevice>(new CommandDefinition(SelectDevices, new { Ids = ids }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(device => device.Id, StringComparer.Ordinal);
    }
}
