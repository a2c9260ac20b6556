using Dapper;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;
using Edge.Cloud.Zones;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.ZoneLevels;

/// <summary>
/// Derives every zone's warning level again (<see cref="ZoneLevelPolicy"/>) across municipalities, on the injected
/// clock: expires overrides whose time is up, keeps the state, records every change of the level in force as a
/// <c>zone_warning_events</c> row and pushes it to the control rooms (<c>zoneLevel</c>). Run by <see cref="ZoneLevelJob"/>.
/// </summary>
internal sealed class ZoneLevelRun(
    TenantDatabase database,
    IHubContext<ControlRoomHub, IControlRoomClient> hub,
    IOptions<ZoneLevelOptions> options,
    TimeProvider timeProvider)
{
    private const string SelectZones = $"""
        SELECT z.id AS ZoneId, z.tenant_id AS TenantId,
               count(DISTINCT d.id)::int AS Sensors,
               count(DISTINCT a.device_id)::int AS Alerted,
               count(DISTINCT a.device_id) FILTER (WHERE a.severity IN ('warning', 'critical'))::int AS Warning,
               count(DISTINCT a.device_id) FILTER (WHERE a.severity = 'critical')::int AS Critical,
               s.derived_level AS DerivedLevel, s.derived_since AS DerivedSince, s.lower_since AS LowerSince,
               s.override_level AS OverrideLevel, s.override_until AS OverrideUntil, s.level AS Level
        FROM zones z
        LEFT JOIN devices d ON {ZonesApi.DevicesInside}
        LEFT JOIN alerts a ON a.tenant_id = z.tenant_id AND a.device_id = d.id AND a.category = 'hazard' AND a.status <> 'resolved' AND a.cleared_at IS NULL
        LEFT JOIN zone_warning_states s ON s.zone_id = z.id
        GROUP BY z.id, s.zone_id
        """;

    private const string Upsert = """
        INSERT INTO zone_warning_states (zone_id, tenant_id, derived_level, derived_since, lower_since, level, updated_at)
        VALUES (@ZoneId, @TenantId, @Derived, @DerivedSince, @LowerSince, @Derived, @Now)
        ON CONFLICT (zone_id) DO UPDATE SET
            derived_level = EXCLUDED.derived_level, derived_since = EXCLUDED.derived_since, lower_since = EXCLUDED.lower_since,
            override_level = CASE WHEN zone_warning_states.override_until <= @Now THEN NULL ELSE zone_warning_states.override_level END,
            override_by = CASE WHEN zone_warning_states.override_until <= @Now THEN NULL ELSE zone_warning_states.override_by END,
            override_reason = CASE WHEN zone_warning_states.override_until <= @Now THEN NULL ELSE zone_warning_states.override_reason END,
            override_until = CASE WHEN zone_warning_states.override_until <= @Now THEN NULL ELSE zone_warning_states.override_until END,
            level = COALESCE(CASE WHEN zone_warning_states.override_until IS NULL OR zone_warning_states.override_until > @Now
                                  THEN zone_warning_states.override_level END, EXCLUDED.derived_level),
            updated_at = @Now
        RETURNING level
        """;

    internal const string InsertEvent = """
        INSERT INTO zone_warning_events (tenant_id, zone_id, level, previous_level, cause, actor, details, at)
        VALUES (@TenantId, @ZoneId, @Level, @Previous, @Cause, @Actor, @Details::jsonb, @Now)
        """;

    /// <summary>Derives all levels now; returns how many zones changed the level in force.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var changed = new List<(Guid Tenant, LiveZoneLevel Level)>();
        await using var session = await database.BeginForSystemAsync(cancellationToken);
        var zones = await session.Connection.QueryAsync<ZoneRow>(new CommandDefinition(SelectZones, transaction: session.Transaction, cancellationToken: cancellationToken));
        foreach (var zone in zones)
        {
            var counts = new ZoneAlerts(zone.Sensors, zone.Alerted, zone.Warning, zone.Critical);
            var requested = ZoneLevelPolicy.Requested(counts, settings.CorroboratingSensors);
            var current = WarningLevels.TryParse(zone.DerivedLevel, out var derived)
                ? new DerivedState(derived, Utc(zone.DerivedSince!.Value), zone.LowerSince is { } lower ? Utc(lower) : null)
                : new DerivedState(WarningLevel.Normal, now, null);
            var next = ZoneLevelPolicy.Next(current, requested, now, settings);
            var previous = zone.Level ?? "normal";
            var level = await session.Connection.ExecuteScalarAsync<string>(new CommandDefinition(Upsert, new
            {
                zone.ZoneId,
                zone.TenantId,
                Derived = next.Level.ToText(),
                DerivedSince = next.Since,
                next.LowerSince,
                Now = now,
            }, session.Transaction, cancellationToken: cancellationToken));
            if (level != previous)
            {
                var overrideEnded = zone.OverrideLevel is not null && zone.OverrideUntil is { } until && Utc(until) <= now;
                changed.Add((zone.TenantId, new LiveZoneLevel(zone.ZoneId, level!, previous, overrideEnded ? "override-ended" : "derived", now)));
                await session.Connection.ExecuteAsync(new CommandDefinition(InsertEvent, new
                {
                    zone.TenantId,
                    zone.ZoneId,
                    Level = level,
                    Previous = previous,
                    Cause = overrideEnded ? "override-ended" : "derived",
                    Actor = "system",
                    Details = System.Text.Json.JsonSerializer.Serialize(new
                    {
                        sensors = counts.Sensors,
                        alerted = counts.AlertedSensors,
                        warningOrCritical = counts.WarningSensors,
                        critical = counts.CriticalSensors,
                        requested = requested.ToText(),
                    }),
                    Now = now,
                }, session.Transaction, cancellationToken: cancellationToken));
            }
        }

        await session.CommitAsync(cancellationToken);
        foreach (var (tenant, level) in changed)
        {
            await PushAsync(hub, tenant, level);
        }

        return changed.Count;
    }

    /// <summary>Tells the municipality's control rooms (after the commit that made the change).</summary>
    internal static Task PushAsync(IHubContext<ControlRoomHub, IControlRoomClient> hub, Guid tenantId, LiveZoneLevel level) =>
        hub.Clients.Groups(ControlRoomHub.TenantGroup(tenantId), ControlRoomHub.AllTenantsGroup).zoneLevel(level);

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>A row of <see cref="SelectZones"/>.</summary>
    private sealed class ZoneRow
    {
        public Guid ZoneId { get; init; }

        public Guid TenantId { get; init; }

        public int Sensors { get; init; }

        public int Alerted { get; init; }

        public int Warning { get; init; }

        public int Critical { get; init; }

        public string? DerivedLevel { get; init; }

        public DateTime? DerivedSince { get; init; }

        public DateTime? LowerSince { get; init; }

        public string? OverrideLevel { get; init; }

        public DateTime? OverrideUntil { get; init; }

        public string? Level { get; init; }
    }
}
