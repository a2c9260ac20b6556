using Dapper;
using Edge.Cloud.Alerts;
using Edge.Cloud.Realtime;
using Edge.Cloud.Tenancy;
using Microsoft.Extensions.Options;

namespace Edge.Cloud.Notifications;

/// <summary>
/// The escalation chain, in one statement across municipalities: every open alert whose next tier is due gets a message
/// in the outbox for each enabled contact of the next tier that has contacts, an <c>escalated</c> event, and the time
/// the tier after it is due (<see cref="NotificationOptions.EscalationAfter"/> from now), or none when no tier is left.
/// The engine makes tier 1 due when a critical hazard alert is raised; acknowledging or resolving stops the chain.
/// Judged on the injected clock.
/// </summary>
internal sealed class EscalationRun(TenantDatabase database, LiveAlertFeed liveAlerts, IOptions<NotificationOptions> options, TimeProvider timeProvider)
{
    private const string Escalate = """
        WITH due AS (
            SELECT a.id, a.tenant_id,
                   (SELECT min(c.tier) FROM notification_contacts c WHERE c.tenant_id = a.tenant_id AND c.enabled AND c.tier > a.escalation_tier) AS tier
            FROM alerts a
            WHERE a.next_escalation_at <= @Now AND a.status = 'open'
            ORDER BY a.next_escalation_at
            LIMIT 1000
            FOR UPDATE OF a SKIP LOCKED
        ),
        queued AS (
            INSERT INTO notification_outbox (tenant_id, alert_id, contact_id, tier, channel, address, payload, next_attempt_at, created_at)
            SELECT d.tenant_id, d.id, c.id, d.tier, c.channel, c.address,
                   jsonb_build_object('alertId', a.id, 'municipality', a.tenant_id, 'deviceId', a.device_id, 'zoneId', a.zone_id,
                       'rule', a.rule, 'metric', a.metric, 'category', a.category, 'severity', a.severity, 'status', a.status,
                       'value', a.value, 'threshold', a.threshold, 'raisedAt', a.raised_at, 'tier', d.tier),
                   @Now, @Now
            FROM due d JOIN alerts a ON a.id = d.id
                JOIN notification_contacts c ON c.tenant_id = d.tenant_id AND c.enabled AND c.tier = d.tier
            RETURNING alert_id
        ),
        escalated AS (
            UPDATE alerts a
            SET escalation_tier = COALESCE(d.tier, a.escalation_tier),
                next_escalation_at = CASE
                    WHEN d.tier IS NOT NULL AND EXISTS (SELECT 1 FROM notification_contacts c WHERE c.tenant_id = d.tenant_id AND c.enabled AND c.tier > d.tier)
                    THEN @Next ELSE NULL END,
                updated_at = CASE WHEN d.tier IS NULL THEN a.updated_at ELSE @Now END
            FROM due d WHERE a.id = d.id
            RETURNING a.id, a.tenant_id, d.tier
        )
        INSERT INTO alert_events (alert_id, tenant_id, event, actor, details, at)
        SELECT e.id, e.tenant_id, 'escalated', 'system',
               jsonb_build_object('tier', e.tier, 'messages', (SELECT count(*) FROM queued q WHERE q.alert_id = e.id)), @Now
        FROM escalated e WHERE e.tier IS NOT NULL
        RETURNING alert_id AS AlertId, tenant_id AS TenantId
        """;

    /// <summary>Escalates what is due now; returns how many alerts reached a further tier.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        IReadOnlyList<(Guid AlertId, Guid TenantId)> escalated;
        await using (var session = await database.BeginForSystemAsync(cancellationToken))
        {
            escalated = [.. await session.Connection.QueryAsync<(Guid, Guid)>(new CommandDefinition(Escalate,
                new { Now = now, Next = now + options.Value.EscalationAfter }, session.Transaction, cancellationToken: cancellationToken))];
            await session.CommitAsync(cancellationToken);
        }

        foreach (var tenant in escalated.GroupBy(e => e.TenantId))
        {
            liveAlerts.Publish(tenant.Key, tenant.Select(e => new AlertChange(e.AlertId, "escalated")));
        }

        return escalated.Count;
    }
}
