using Dapper;
using Edge.Telemetry.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Edge.Cloud.Alerts;

/// <summary>
/// The one alert engine: alarm transitions from gateways and from the cloud's rules become rows of <c>alerts</c>, one
/// active alert per device and rule, every step an <c>alert_events</c> row (sql/0050_alert_engine.sql). Runs in the
/// caller's tenant-confined transaction, one statement per batch.
/// </summary>
internal sealed class AlertEngine(IOptions<AlertOptions> options)
{
    // Ingest and the cloud's evaluation may raise the same device and rule at once: each takes a transaction lock per
    // device and rule first, all of them in one order (no deadlock), so that the second sees the first's alert.
    private const string Apply = """
        SELECT count(pg_advisory_xact_lock(k)) FROM (
            SELECT DISTINCT hashtextextended(d || '/' || r, 0) AS k FROM unnest(@DeviceIds, @Rules) AS x(d, r) ORDER BY k) AS keys;
        SELECT alert_id AS AlertId, change AS Change
        FROM apply_alert_transitions(@DeviceIds, @Rules, @Metrics, @Severities, @States, @AlertValues, @Thresholds, @Ts, @Origins,
                                     @EdgeAlertIds, @RuleIds, @RuleVersions, @Categories, @Now, @AutoResolveHazards)
        """;

    /// <summary>The transitions of a gateway's newly stored alert records.</summary>
    public static IReadOnlyList<AlertTransition> FromEdge(IEnumerable<Alert> alerts) =>
    [
        .. alerts.Select(a => new AlertTransition(a.DeviceId, a.Rule, a.Metric, a.Severity, a.State, a.Value, a.Threshold, a.Ts,
            a.Origin == "cloud" ? "cloud" : "edge", AlertCategories.ForMetric(a.Metric)) { EdgeAlertId = a.Id }),
    ];

    public async Task<IReadOnlyList<AlertChange>> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AlertTransition> transitions, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (transitions.Count == 0)
        {
            return [];
        }

        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Apply, new
        {
            DeviceIds = transitions.Select(t => t.DeviceId).ToArray(),
            Rules = transitions.Select(t => t.Rule).ToArray(),
            Metrics = transitions.Select(t => t.Metric).ToArray(),
            Severities = transitions.Select(t => t.Severity).ToArray(),
            States = transitions.Select(t => t.State).ToArray(),
            AlertValues = transitions.Select(t => t.Value).ToArray(),
            Thresholds = transitions.Select(t => t.Threshold).ToArray(),
            Ts = transitions.Select(t => t.Ts.ToUniversalTime()).ToArray(),
            Origins = transitions.Select(t => t.Origin).ToArray(),
            EdgeAlertIds = transitions.Select(t => t.EdgeAlertId).ToArray(),
            RuleIds = transitions.Select(t => t.RuleId).ToArray(),
            RuleVersions = transitions.Select(t => t.RuleVersion).ToArray(),
            Categories = transitions.Select(t => t.Category.ToColumn()).ToArray(),
            Now = now.ToUniversalTime(),
            AutoResolveHazards = options.Value.AutoResolveHazardsOnClear,
        }, transaction, cancellationToken: cancellationToken));
        await results.ReadSingleAsync<long>();
        return [.. await results.ReadAsync<AlertChange>()];
    }
}
