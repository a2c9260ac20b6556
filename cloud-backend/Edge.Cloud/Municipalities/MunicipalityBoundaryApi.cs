using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Edge.Cloud.Auth;
using Edge.Cloud.Devices;
using Edge.Cloud.Tenancy;
using Edge.Cloud.Zones;

namespace Edge.Cloud.Municipalities;

/// <summary>
/// A municipality's boundary: <c>GET /api/v1/municipalities/{id}/boundary</c> (its own people, or a superadmin) as a
/// GeoJSON Feature; <c>PUT</c> (a GeoJSON Polygon or MultiPolygon) and <c>DELETE</c> by a superadmin only, an audited
/// path (the superadmin session and the change, before and after, both in the audit log). New and changed zones must
/// lie inside the boundary when it is set; zones already outside a new boundary are kept and listed in the answer.
/// </summary>
internal static class MunicipalityBoundaryApi
{
    private const string Feature = """
        jsonb_build_object(
            'type', 'Feature',
            'id', t.id,
            'geometry', ST_AsGeoJSON(t.boundary::geometry, 7)::jsonb,
            'properties', jsonb_build_object('id', t.id, 'slug', t.slug, 'name', t.name,
                                             'updatedAt', t.boundary_updated_at, 'updatedBy', t.boundary_updated_by))
        """;

    private const string SelectOne = $"SELECT {Feature}::text FROM tenants t WHERE t.id = @TenantId";

    private const string Set = $"""
        UPDATE tenants SET boundary = {PolygonCheck.AsStoredGeography}, boundary_updated_at = now(), boundary_updated_by = @Actor
        WHERE id = @TenantId
        """;

    private const string Clear = "UPDATE tenants SET boundary = NULL, boundary_updated_at = now(), boundary_updated_by = @Actor WHERE id = @TenantId";

    private const string ZonesOutside = """
        SELECT z.id FROM zones z JOIN tenants t ON t.id = z.tenant_id
        WHERE z.tenant_id = @TenantId AND t.boundary IS NOT NULL AND NOT ST_CoveredBy(z.area::geometry, t.boundary::geometry)
        ORDER BY z.name, z.id
        """;

    public static RouteGroupBuilder MapMunicipalityBoundaryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/municipalities/{tenantId:guid}/boundary", GetAsync);
        var superadmins = api.MapGroup(string.Empty).RequireAuthorization(policy => policy.RequireClaim(EdgeClaims.Role, EdgeClaims.Superadmin));
        superadmins.MapPut("/municipalities/{tenantId:guid}/boundary", SetAsync);
        superadmins.MapDelete("/municipalities/{tenantId:guid}/boundary", ClearAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(Guid tenantId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "get-boundary");
        return await ReadAsync(session, tenantId, cancellationToken) is { } feature
            ? TypedResults.Text(feature, DevicesApi.GeoJsonContentType)
            : NoMunicipality(tenantId);
    }

    private static async Task<IResult> SetAsync(Guid tenantId, HttpRequest request, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        var (geometry, unreadable) = await GeoJsonBody.ReadAsync(request, cancellationToken);
        if (unreadable is not null || geometry.ValueKind != JsonValueKind.Object)
        {
            return BadBoundary(unreadable ?? "send a GeoJSON Polygon or MultiPolygon");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "set-boundary");
        if (await ReadAsync(session, tenantId, cancellationToken) is not { } before)
        {
            return NoMunicipality(tenantId);
        }

        if (await PolygonCheck.FindProblemAsync(session, geometry.GetRawText(), null, cancellationToken) is { } invalid)
        {
            return BadBoundary(invalid);
        }

        await session.Connection.ExecuteAsync(new CommandDefinition(Set, new { TenantId = tenantId, Geometry = geometry.GetRawText(), scope.Actor }, session.Transaction, cancellationToken: cancellationToken));
        return await FinishAsync(session, tenantId, before, scope.Actor, cancellationToken);
    }

    private static async Task<IResult> ClearAsync(Guid tenantId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "clear-boundary");
        if (await ReadAsync(session, tenantId, cancellationToken) is not { } before)
        {
            return NoMunicipality(tenantId);
        }

        await session.Connection.ExecuteAsync(new CommandDefinition(Clear, new { TenantId = tenantId, scope.Actor }, session.Transaction, cancellationToken: cancellationToken));
        return await FinishAsync(session, tenantId, before, scope.Actor, cancellationToken);
    }

    private static async Task<IResult> FinishAsync(TenantTransaction session, Guid tenantId, string before, string actor, CancellationToken cancellationToken)
    {
        var after = (await ReadAsync(session, tenantId, cancellationToken))!;
        var outside = (await session.Connection.QueryAsync<Guid>(new CommandDefinition(ZonesOutside, new { TenantId = tenantId }, session.Transaction, cancellationToken: cancellationToken))).ToList();
        await AuditTrail.WriteAsync(session, tenantId, actor, "municipality.boundary", tenantId.ToString(), "{\"before\":" + before + ",\"after\":" + after + "}", cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new { boundary = JsonDocument.Parse(after).RootElement, zonesOutside = outside });
    }

    private static Task<string?> ReadAsync(TenantTransaction session, Guid tenantId, CancellationToken cancellationToken) =>
        session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectOne, new { TenantId = tenantId }, session.Transaction, cancellationToken: cancellationToken));

    private static ProblemHttpResult NoMunicipality(Guid tenantId) => TypedResults.Problem($"no municipality {tenantId}", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult BadBoundary(string reason) => TypedResults.Problem(reason, title: "The boundary was not accepted", statusCode: StatusCodes.Status400BadRequest);
}
