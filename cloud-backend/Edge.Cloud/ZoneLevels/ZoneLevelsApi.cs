using System.Text.Json;
using Dapper;
using Edge.Cloud.Auth;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;
using Edge.Cloud.Zones;
using Microsoft.AspNetCore.SignalR;

namespace Edge.Cloud.ZoneLevels;

/// <summary>
/// <c>GET /api/v1/zones/{id}/warning-level</c> (every role: the level in force, the derived level, the override, the
/// recent history) and an admin's override: <c>PUT</c> (<c>{"level","reason","until"}</c>) and <c>DELETE</c> (back to the
/// derived level). Overrides are recorded as zone_warning_events and in the audit log.
/// </summary>
internal static class ZoneLevelsApi
{
    private const int HistoryLength = 50;

    private const string SelectState = """
        SELECT jsonb_build_object(
            'zoneId', z.id,
            'level', COALESCE(s.level, 'normal'),
            'derivedLevel', COALESCE(s.derived_level, 'normal'),
            'derivedSince', s.derived_since,
            'override', CASE WHEN s.override_level IS NULL THEN NULL ELSE jsonb_build_object(
                'level', s.override_level, 'by', s.override_by, 'reason', s.override_reason, 'until', s.override_until) END,
            'updatedAt', s.updated_at,
            'history', COALESCE((SELECT jsonb_agg(jsonb_build_object('level', e.level, 'previousLevel', e.previous_level, 'cause', e.cause,
                                                                     'actor', e.actor, 'details', e.details, 'at', e.at) ORDER BY e.at DESC, e.id DESC)
                                 FROM (SELECT * FROM zone_warning_events e WHERE e.zone_id = z.id ORDER BY e.at DESC, e.id DESC LIMIT 50) AS e), '[]'::jsonb))::text
        FROM zones z LEFT JOIN zone_warning_states s ON s.zone_id = z.id
        WHERE z.id = @ZoneId
        """;

    private const string LockZone = "SELECT tenant_id AS TenantId, (SELECT level FROM zone_warning_states WHERE zone_id = z.id) AS Level FROM zones z WHERE id = @ZoneId FOR UPDATE";

    private const string SetOverride = """
        INSERT INTO zone_warning_states (zone_id, tenant_id, derived_level, derived_since, override_level, override_by, override_reason, override_until, level, updated_at)
        VALUES (@ZoneId, @TenantId, 'normal', @Now, @Level, @Actor, @Reason, @Until, @Level, @Now)
        ON CONFLICT (zone_id) DO UPDATE SET override_level = @Level, override_by = @Actor, override_reason = @Reason, override_until = @Until,
            level = @Level, updated_at = @Now
        """;

    private const string ClearOverride = """
        UPDATE zone_warning_states SET override_level = NULL, override_by = NULL, override_reason = NULL, override_until = NULL,
            level = derived_level, updated_at = @Now
        WHERE zone_id = @ZoneId
        RETURNING level
        """;

    public static RouteGroupBuilder MapZoneLevelsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/zones/{zoneId:guid}/warning-level", GetAsync);
        var admins = api.MapGroup("/zones/{zoneId:guid}/warning-level").RequireAuthorization(EdgePolicies.MunicipalAdmin);
        admins.MapPut(string.Empty, OverrideAsync);
        admins.MapDelete(string.Empty, ClearAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(Guid zoneId, TenantScope scope, TenantDatabase database, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(scope, cancellationToken, "zone-warning-level");
        return await ReadAsync(session, zoneId, cancellationToken);
    }

    private static async Task<IResult> OverrideAsync(
        Guid zoneId, LevelOverride input, TenantScope scope, TenantDatabase database, IHubContext<ControlRoomHub, IControlRoomClient> hub, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (!WarningLevels.TryParse(input.Level, out var level))
        {
            errors["level"] = ["one of normal, advisory, watch, warning, evacuate"];
        }

        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 2000)
        {
            errors["reason"] = ["1-2000 characters: why the level is set by hand"];
        }

        if (input.Until is { } until && until <= now)
        {
            errors["until"] = ["must be in the future"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The warning level cannot be set as described");
        }

        await using var session = await database.BeginAsync(scope, cancellationToken, "zone-warning-override");
        if (await LockAsync(session, zoneId, cancellationToken) is not { } zone)
        {
            return ZonesApi.NoZone(zoneId);
        }

        var parameters = new { ZoneId = zoneId, zone.TenantId, Level = level.ToText(), scope.Actor, Reason = input.Reason!.Trim(), Until = input.Until?.ToUniversalTime(), Now = now };
        await session.Connection.ExecuteAsync(new CommandDefinition(SetOverride, parameters, session.Transaction, cancellationToken: cancellationToken));
        await RecordAsync(session, scope, zone, zoneId, level.ToText(), "override", new { reason = parameters.Reason, until = parameters.Until }, now, cancellationToken);
        var result = await ReadAsync(session, zoneId, cancellationToken);
        await session.CommitAsync(cancellationToken);
        await ZoneLevelRun.PushAsync(hub, zone.TenantId, new LiveZoneLevel(zoneId, level.ToText(), zone.Level ?? "normal", "override", now));
        return result;
    }

    private static async Task<IResult> ClearAsync(
        Guid zoneId, TenantScope scope, TenantDatabase database, IHubContext<ControlRoomHub, IControlRoomClient> hub, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var session = await database.BeginAsync(scope, cancellationToken, "zone-warning-override-clear");
        if (await LockAsync(session, zoneId, cancellationToken) is not { } zone)
        {
            return ZonesApi.NoZone(zoneId);
        }

        var level = await session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(ClearOverride, new { ZoneId = zoneId, Now = now }, session.Transaction, cancellationToken: cancellationToken));
        await RecordAsync(session, scope, zone, zoneId, level ?? "normal", "override-ended", new { }, now, cancellationToken);
        var result = await ReadAsync(session, zoneId, cancellationToken);
        await session.CommitAsync(cancellationToken);
        await ZoneLevelRun.PushAsync(hub, zone.TenantId, new LiveZoneLevel(zoneId, level ?? "normal", zone.Level ?? "normal", "override-ended", now));
        return result;
    }

    private static Task<ZoneLock?> LockAsync(TenantTransaction session, Guid zoneId, CancellationToken cancellationToken) =>
        session.Connection.QuerySingleOrDefaultAsync<ZoneLock?>(new CommandDefinition(LockZone, new { ZoneId = zoneId }, session.Transaction, cancellationToken: cancellationToken));

    private static async Task RecordAsync(
        TenantTransaction session, TenantScope scope, ZoneLock zone, Guid zoneId, string level, string cause, object details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(details);
        await session.Connection.ExecuteAsync(new CommandDefinition(ZoneLevelRun.InsertEvent, new
        {
            zone.TenantId,
            ZoneId = zoneId,
            Level = level,
            Previous = zone.Level ?? "normal",
            Cause = cause,
            scope.Actor,
            Details = json,
            Now = now,
        }, session.Transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(session, scope, cause == "override" ? "zone.warning-override" : "zone.warning-override-clear", zoneId.ToString(),
            new { before = zone.Level ?? "normal", after = level, details }, cancellationToken);
    }

    private static async Task<IResult> ReadAsync(TenantTransaction session, Guid zoneId, CancellationToken cancellationToken)
    {
        var json = await session.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectState, new { ZoneId = zoneId }, session.Transaction, cancellationToken: cancellationToken));
        return json is null ? ZonesApi.NoZone(zoneId) : TypedResults.Text(json, "application/json");
    }

    private sealed record ZoneLock(Guid TenantId, string? Level);
}

/// <summary>An admin's override of a zone's warning level: the level, why, and optionally until when.</summary>
internal sealed record LevelOverride(string? Level, string? Reason, DateTimeOffset? Until);
