using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Edge.Cloud.Auth;
using Edge.Cloud.Devices;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Zones;

/// <summary>
/// <c>POST /api/v1/zones</c> and <c>PUT /api/v1/zones/{id}</c> (admin, superadmin): a zone as a GeoJSON Feature
/// (<see cref="ZoneInput"/>), its polygon checked by PostGIS (<see cref="PolygonCheck"/>) against the municipality's
/// boundary when one is set; every change written to the audit log with the zone before and after, in the same
/// transaction.
/// </summary>
internal static class ZoneEditing
{
    private const string Insert = $"""
        INSERT INTO zones (tenant_id, name, kind, area, population, created_by, updated_by)
        VALUES (@TenantId, @Name, @Kind, {PolygonCheck.AsStoredGeography}, @Population, @Actor, @Actor)
        RETURNING id
        """;

    private const string LockForUpdate = "SELECT tenant_id FROM zones WHERE id = @ZoneId FOR UPDATE";

    private const string Update = $"""
        UPDATE zones SET name = @Name, kind = @Kind, area = {PolygonCheck.AsStoredGeography}, population = @Population,
                         updated_at = now(), updated_by = @Actor
        WHERE id = @ZoneId
        """;

    private const string MunicipalityExists = "SELECT EXISTS (SELECT 1 FROM tenants WHERE id = @TenantId)";

    public static RouteGroupBuilder MapZoneEditing(this RouteGroupBuilder api)
    {
        var admins = api.MapGroup(string.Empty).RequireAuthorization(policy => policy.RequireClaim(EdgeClaims.Role, "admin", EdgeClaims.Superadmin));
        admins.MapPost("/zones", CreateAsync);
        admins.MapPut("/zones/{zoneId:guid}", ChangeAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, HttpResponse response, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await GeoJsonBody.ReadAsync(request, cancellationToken);
        if (unreadable is not null)
        {
            return BadZone(unreadable);
        }

        if (!ZoneInput.TryRead(body, out var zone, out var problem))
        {
            return BadZone(problem!);
        }

        if (scope.TenantId is { } own && zone!.Municipality is { } named && named != own)
        {
            return TypedResults.Problem("a zone can only be added to your own municipality", statusCode: StatusCodes.Status403Forbidden);
        }

        if ((scope.TenantId ?? zone!.Municipality) is not { } tenantId)
        {
            return BadZone("a superadmin names the zone's municipality (properties.municipality)");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "create-zone");
        if (!await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(MunicipalityExists, new { TenantId = tenantId }, session.Transaction, cancellationToken: cancellationToken)))
        {
            return TypedResults.Problem($"no municipality {tenantId}", statusCode: StatusCodes.Status404NotFound);
        }

        if (await PolygonCheck.FindProblemAsync(session, zone!.GeometryJson, tenantId, cancellationToken) is { } invalid)
        {
            return BadZone(invalid);
        }

        var zoneId = await session.Connection.ExecuteScalarAsync<Guid>(new CommandDefinition(Insert, Parameters(zone, tenantId, scope.Actor, Guid.Empty), session.Transaction, cancellationToken: cancellationToken));
        var after = await ReadFeatureAsync(session, zoneId, cancellationToken);
        await AuditTrail.WriteAsync(session, tenantId, scope.Actor, "zone.create", zoneId.ToString(), "{\"after\":" + after + "}", cancellationToken);
        await session.CommitAsync(cancellationToken);
        response.Headers.Location = $"/api/v1/zones/{zoneId}";
        return TypedResults.Text(after, DevicesApi.GeoJsonContentType, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ChangeAsync(Guid zoneId, HttpRequest request, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        var (body, unreadable) = await GeoJsonBody.ReadAsync(request, cancellationToken);
        if (unreadable is not null)
        {
            return BadZone(unreadable);
        }

        if (!ZoneInput.TryRead(body, out var zone, out var problem))
        {
            return BadZone(problem!);
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "change-zone");
        if (await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(LockForUpdate, new { ZoneId = zoneId }, session.Transaction, cancellationToken: cancellationToken)) is not { } tenantId)
        {
            return ZonesApi.NoZone(zoneId);
        }

        if (zone!.Municipality is { } named && named != tenantId)
        {
            return BadZone("a zone cannot move to another municipality");
        }

        if (await PolygonCheck.FindProblemAsync(session, zone.GeometryJson, tenantId, cancellationToken) is { } invalid)
        {
            return BadZone(invalid);
        }

        var before = await ReadFeatureAsync(session, zoneId, cancellationToken);
        await session.Connection.ExecuteAsync(new CommandDefinition(Update, Parameters(zone, tenantId, scope.Actor, zoneId), session.Transaction, cancellationToken: cancellationToken));
        var after = await ReadFeatureAsync(session, zoneId, cancellationToken);
        await AuditTrail.WriteAsync(session, tenantId, scope.Actor, "zone.change", zoneId.ToString(), "{\"before\":" + before + ",\"after\":" + after + "}", cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Text(after, DevicesApi.GeoJsonContentType);
    }

    private static object Parameters(ZoneInput zone, Guid tenantId, string actor, Guid zoneId) => new
    {
        ZoneId = zoneId,
        TenantId = tenantId,
        zone.Name,
        zone.Kind,
        zone.Population,
        Geometry = zone.GeometryJson,
        Actor = actor,
    };

    private static async Task<string> ReadFeatureAsync(TenantTransaction session, Guid zoneId, CancellationToken cancellationToken) =>
        (await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(ZonesApi.SelectOne, new { ZoneId = zoneId }, session.Transaction, cancellationToken: cancellationToken)))!;

    private static ProblemHttpResult BadZone(string reason) => TypedResults.Problem(reason, title: "The zone was not accepted", statusCode: StatusCodes.Status400BadRequest);
}
