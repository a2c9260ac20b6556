using Dapper;
using Edge.Cloud.Tenancy;
using Npgsql;

namespace Edge.Cloud.Zones;

/// <summary>
/// Checks a GeoJSON geometry sent by a person before it is stored as a zone or a municipality's boundary, and says
/// what is wrong in words: PostGIS parses it (ST_GeomFromGeoJSON) and judges it, so the rules are PostGIS's own.
/// </summary>
internal static class PolygonCheck
{
    /// <summary>The SQL expression that turns the checked <c>@Geometry</c> into the stored value.</summary>
    public const string AsStoredGeography = "ST_Multi(ST_Force2D(ST_GeomFromGeoJSON(@Geometry)))::geography";

    private const string Judge = $"""
        WITH input AS (SELECT ST_Force2D(ST_GeomFromGeoJSON(@Geometry)) AS g),
             municipality AS (SELECT boundary::geometry AS boundary FROM tenants WHERE id = @WithinMunicipality)
        SELECT CASE
            WHEN g IS NULL THEN 'there is no geometry'
            WHEN GeometryType(g) NOT IN ('POLYGON', 'MULTIPOLYGON') THEN 'the geometry must be a Polygon or a MultiPolygon, not ' || initcap(GeometryType(g))
            WHEN ST_IsEmpty(g) THEN 'the polygon is empty'
            WHEN ST_SRID(g) <> 4326 THEN 'coordinates must be WGS 84 longitude and latitude (SRID 4326, GeoJSON''s default), not SRID ' || ST_SRID(g)
            WHEN ST_XMin(g) < -180 OR ST_XMax(g) > 180 OR ST_YMin(g) < -90 OR ST_YMax(g) > 90
                THEN 'coordinates out of range: longitude -180 to 180, latitude -90 to 90 (GeoJSON positions are [longitude, latitude])'
            -- A village drawn by hand has tens of vertices, a surveyed boundary thousands.
            WHEN ST_NPoints(g) > 100000 THEN 'more than 100000 vertices'
            WHEN NOT ST_IsValid(g) THEN 'the polygon is not valid: ' || ST_IsValidReason(g)
            WHEN (SELECT boundary FROM municipality) IS NOT NULL AND NOT ST_CoveredBy(g, (SELECT boundary FROM municipality))
                THEN 'the polygon reaches outside the municipality''s boundary'
        END
        FROM input
        """;

    /// <summary>
    /// Null when <paramref name="geometryJson"/> is a valid Polygon or MultiPolygon in WGS 84, inside
    /// <paramref name="withinMunicipality"/>'s boundary when one is given and set; otherwise the reason it is not.
    /// A geometry PostGIS cannot parse at all leaves the transaction aborted: the caller answers and stops.
    /// </summary>
    public static async Task<string?> FindProblemAsync(TenantTransaction session, string geometryJson, Guid? withinMunicipality, CancellationToken cancellationToken)
    {
        try
        {
            return await session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(Judge,
                new { Geometry = geometryJson, WithinMunicipality = withinMunicipality }, session.Transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException error) when (error.SqlState is PostgresErrorCodes.InternalError or PostgresErrorCodes.InvalidParameterValue)
        {
            return "the geometry is not GeoJSON PostGIS can read: " + error.MessageText;
        }
    }
}
