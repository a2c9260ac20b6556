using Dapper;
using Edge.Cloud.Tenancy;

namespace Edge.Cloud.Alerts;

/// <summary>Reading alerts back (row-level security confines every query to the transaction's municipality).</summary>
internal static class AlertQueries
{
    public const string Columns = """
        a.id AS Id, a.tenant_id AS Municipality, a.device_id AS DeviceId, a.zone_id AS ZoneId, a.origin AS Origin, a.category AS Category,
        a.rule AS Rule, a.rule_id AS RuleId, a.rule_version AS RuleVersion, a.metric AS Metric, a.severity AS Severity, a.status AS Status,
        a.value AS Value, a.threshold AS Threshold, a.raised_at AS RaisedAt, a.cleared_at AS ClearedAt, a.acknowledged_at AS AcknowledgedAt,
        a.acknowledged_by AS AcknowledgedBy, a.resolved_at AS ResolvedAt, a.resolved_by AS ResolvedBy, a.assignee AS Assignee,
        a.escalation_tier AS EscalationTier, a.updated_at AS UpdatedAt
        """;

    private const string SelectByIds = $"SELECT {Columns} FROM alerts a WHERE a.id = ANY(@Ids) ORDER BY a.raised_at, a.id";

    /// <summary>What a control room must show after (re)connecting: every alert not resolved, newest first, bounded.</summary>
    private const string SelectUnresolved = $"SELECT {Columns} FROM alerts a WHERE a.status <> 'resolved' ORDER BY a.raised_at DESC, a.id LIMIT @Limit";

    private const string SelectEvents = """
        SELECT id AS Id, event AS Event, actor AS Actor, comment AS Comment, details::text AS Details, at AS At
        FROM alert_events WHERE alert_id = @AlertId ORDER BY at, id
        """;

    private const string SelectNotifications = """
        SELECT id AS Id, tier AS Tier, channel AS Channel, address AS Address, status AS Status, attempts AS Attempts,
               last_error AS LastError, created_at AS CreatedAt, sent_at AS SentAt
        FROM notification_outbox WHERE alert_id = @AlertId ORDER BY id
        """;

    public static async Task<IReadOnlyList<AlertNotificationView>> NotificationsAsync(TenantTransaction session, Guid alertId, CancellationToken cancellationToken) =>
        [.. await session.Connection.QueryAsync<AlertNotificationView>(new CommandDefinition(SelectNotifications, new { AlertId = alertId }, session.Transaction, cancellationToken: cancellationToken))];

    public static async Task<IReadOnlyList<AlertView>> ByIdsAsync(TenantTransaction session, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? [] : [.. await session.Connection.QueryAsync<AlertView>(new CommandDefinition(SelectByIds, new { Ids = ids.ToArray() }, session.Transaction, cancellationToken: cancellationToken))];

    public static async Task<IReadOnlyList<AlertView>> UnresolvedAsync(TenantTransaction session, int limit, CancellationToken cancellationToken) =>
        [.. await session.Connection.QueryAsync<AlertView>(new CommandDefinition(SelectUnresolved, new { Limit = limit }, session.Transaction, cancellationToken: cancellationToken))];

    public static async Task<IReadOnlyList<AlertEventView>> EventsAsync(TenantTransaction session, Guid alertId, CancellationToken cancellationToken)
    {
        var rows = await session.Connection.QueryAsync<(long Id, string Event, string Actor, string? Comment, string? Details, DateTime At)>(
            new CommandDefinition(SelectEvents, new { AlertId = alertId }, session.Transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AlertEventView
        {
            Id = r.Id,
            Event = r.Event,
            Actor = r.Actor,
            Comment = r.Comment,
            Details = r.Details is null ? null : System.Text.Json.JsonDocument.Parse(r.Details).RootElement.Clone(),
            At = r.At,
        })];
    }
}
