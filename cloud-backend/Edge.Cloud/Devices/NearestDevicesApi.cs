using Dapper;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Devices;

/// <summary>
/// <c>GET /api/v1/devices/nearest?lat=&amp;lon=&amp;limit=&amp;kind=</c>: the caller's devices nearest to a point, nearest
/// first, as a GeoJSON FeatureCollection with each one's <c>distanceM</c> (metres on the WGS 84 spheroid).
/// The KNN operator (<c>&lt;-&gt;</c>) walks the devices' geography GiST index, which orders by distance on a sphere;
/// it fetches a margin of extra candidates, which are then ordered by the true geodesic distance (ST_Distance on the
/// spheroid, up to 0.5% different), so the answer is right without measuring every device.
/// </summary>
internal static class NearestDevicesApi
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;
    private const int CandidateMargin = 32;

    private const string Here = "ST_SetSRID(ST_MakePoint(@Longitude, @Latitude), 4326)::geography";

    internal const string SelectNearest = $"""
        WITH candidates AS (
            SELECT d.id FROM devices d
            WHERE d.location IS NOT NULL AND d.status <> 'retired' AND (@Kind::text IS NULL OR d.kind = @Kind::text)
            ORDER BY d.location <-> {Here}
            LIMIT @Candidates),
        nearest AS (
            SELECT jsonb_set({DevicesApi.Feature}, ARRAY['properties', 'distanceM'], to_jsonb(round(ST_Distance(d.location, {Here})::numeric, 2))) AS feature,
                   ST_Distance(d.location, {Here}) AS distance, d.id
            FROM candidates c JOIN devices d ON d.id = c.id LEFT JOIN device_latest l ON l.device_id = d.id
            ORDER BY distance, d.id
            LIMIT @Limit)
        SELECT jsonb_build_object('type', 'FeatureCollection',
                                  'features', COALESCE(jsonb_agg(feature ORDER BY distance, id), '[]'::jsonb))::text
        FROM nearest
        """;

    public static RouteGroupBuilder MapNearestDevicesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/devices/nearest", NearestAsync);
        return api;
    }

    private static async Task<IResult> NearestAsync(
        double? lat, double? lon, int? limit, string? kind, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        if (lat is not { } latitude || lon is not { } longitude || !double.IsFinite(latitude) || !double.IsFinite(longitude)
            || latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            return TypedResults.Problem("lat (-90 to 90) and lon (-180 to 180) are required, in WGS 84 degrees", statusCode: StatusCodes.Status400BadRequest);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem($"limit must be 1 to {MaxLimit}", statusCode: StatusCodes.Status400BadRequest);
        }

        var count = limit ?? DefaultLimit;
        await using var session = await database.BeginAsync(scope, cancellationToken, "nearest-devices");
        var json = await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(SelectNearest, new
        {
            Latitude = latitude,
            Longitude = longitude,
            Kind = string.IsNullOrEmpty(kind) ? null : kind,
            Limit = count,
            Candidates = count + CandidateMargin,
        }, session.Transaction, cancellationToken: cancellationToken));
        return TypedResults.Text(json!, DevicesApi.GeoJsonContentType);
    }
}
