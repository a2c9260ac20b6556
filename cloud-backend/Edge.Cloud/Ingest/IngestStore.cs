using Dapper;
using Edge.Telemetry.Contracts;
using Npgsql;

namespace Edge.Cloud.Ingest;

/// <summary>
/// The set-based writes of one ingest batch besides its readings (<see cref="ReadingStore"/>), all in the caller's
/// transaction: the gateway's lock and visit, edge alerts, gaps, dead letters.
/// </summary>
internal static class IngestStore
{
    // Taken first: a gateway's batches are stored one after another, which makes ReadingStore's id checks race-free.
    private const string LockGateway = "SELECT highest_seq FROM gateways WHERE id = @GatewayId FOR UPDATE";

    private const string InsertAlerts = """
        INSERT INTO edge_alerts (id, tenant_id, device_id, gateway_id, rule, metric, severity, state, value, threshold, ts, origin)
        SELECT a.id, @TenantId, a.device_id, @GatewayId, a.rule, a.metric, a.severity, a.state, a.value, a.threshold, a.ts, a.origin
        FROM unnest(@Ids::text[], @DeviceIds::text[], @Rules::text[], @Metrics::text[], @Severities::text[], @States::text[],
                    @AlertValues::float8[], @Thresholds::float8[], @Ts::timestamptz[], @Origins::text[])
            AS a(id, device_id, rule, metric, severity, state, value, threshold, ts, origin)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
        """;

    private const string InsertGaps = """
        INSERT INTO gaps (id, tenant_id, device_id, gateway_id, from_ts, to_ts, count, reason)
        SELECT g.id, @TenantId, g.device_id, @GatewayId, g.from_ts, g.to_ts, g.count, g.reason
        FROM unnest(@Ids::text[], @DeviceIds::text[], @From::timestamptz[], @To::timestamptz[], @Counts::int[], @Reasons::text[])
            AS g(id, device_id, from_ts, to_ts, count, reason)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
        """;

    private const string InsertDeadLetters = """
        INSERT INTO dead_letters (tenant_id, gateway_id, device_id, item_id, stage, reason, payload)
        SELECT @TenantId, @GatewayId, d.device_id, d.item_id, 'ingest', d.reason, d.payload
        FROM unnest(@DeviceIds::text[], @ItemIds::text[], @Reasons::text[], @Payloads::jsonb[]) AS d(device_id, item_id, reason, payload)
        """;

    private const string TouchGateway = """
        UPDATE gateways SET last_seen_at = @Now, highest_seq = GREATEST(highest_seq, @HighestSeq) WHERE id = @GatewayId
        RETURNING highest_seq
        """;

    // An id already stored for different content is not a duplicate: the gateway's journal was replaced and reuses ids.
    private const string ReusedAlertIds = """
        SELECT i.id FROM unnest(@Ids::text[], @DeviceIds::text[], @Rules::text[], @Ts::timestamptz[]) AS i(id, device_id, rule, ts)
        JOIN edge_alerts a ON a.id = i.id
        WHERE a.device_id <> i.device_id OR a.rule <> i.rule OR a.ts <> i.ts
        """;

    private const string ReusedGapIds = """
        SELECT i.id FROM unnest(@Ids::text[], @DeviceIds::text[], @From::timestamptz[]) AS i(id, device_id, from_ts)
        JOIN gaps g ON g.id = i.id
        WHERE g.device_id <> i.device_id OR g.from_ts <> i.from_ts
        """;

    /// <summary>Locks the gateway's row for the rest of the transaction; returns the highest journal sequence stored from it.</summary>
    public static Task<long> LockGatewayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuthenticatedGateway gateway, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(LockGateway, new { GatewayId = gateway.Id }, transaction, cancellationToken: cancellationToken));

    /// <summary>The journal sequence of an id <c>{gatewayId}:{journalSeq}</c> (checked by <see cref="IngestValidator"/>).</summary>
    public static long JournalSequence(string id, string gatewayId) =>
        long.Parse(id.AsSpan(gatewayId.Length + 1), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<HashSet<string>> InsertAlertsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuthenticatedGateway gateway, IReadOnlyList<Alert> alerts,
        CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return [];
        }

        var inserted = await connection.QueryAsync<string>(new CommandDefinition(InsertAlerts, new
        {
            gateway.TenantId,
            GatewayId = gateway.Id,
            Ids = alerts.Select(a => a.Id).ToArray(),
            DeviceIds = alerts.Select(a => a.DeviceId).ToArray(),
            Rules = alerts.Select(a => a.Rule).ToArray(),
            Metrics = alerts.Select(a => a.Metric).ToArray(),
            Severities = alerts.Select(a => a.Severity).ToArray(),
            States = alerts.Select(a => a.State).ToArray(),
            AlertValues = alerts.Select(a => a.Value).ToArray(),
            Thresholds = alerts.Select(a => a.Threshold).ToArray(),
            Ts = alerts.Select(a => a.Ts.ToUniversalTime()).ToArray(),
            Origins = alerts.Select(a => a.Origin).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        return inserted.ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<HashSet<string>> InsertGapsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuthenticatedGateway gateway, IReadOnlyList<Gap> gaps,
        CancellationToken cancellationToken)
    {
        if (gaps.Count == 0)
        {
            return [];
        }

        var inserted = await connection.QueryAsync<string>(new CommandDefinition(InsertGaps, new
        {
            gateway.TenantId,
            GatewayId = gateway.Id,
            Ids = gaps.Select(g => g.Id).ToArray(),
            DeviceIds = gaps.Select(g => g.DeviceId).ToArray(),
            From = gaps.Select(g => g.From.ToUniversalTime()).ToArray(),
            To = gaps.Select(g => g.To.ToUniversalTime()).ToArray(),
            Counts = gaps.Select(g => g.Count).ToArray(),
            Reasons = gaps.Select(g => g.Reason).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        return inserted.ToHashSet(StringComparer.Ordinal);
    }

    public static Task InsertDeadLettersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuthenticatedGateway gateway, IReadOnlyList<RefusedItem> refused,
        CancellationToken cancellationToken) =>
        refused.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(new CommandDefinition(InsertDeadLetters, new
            {
                gateway.TenantId,
                GatewayId = gateway.Id,
                DeviceIds = refused.Select(r => r.DeviceId).ToArray(),
                ItemIds = refused.Select(r => r.Id).ToArray(),
                Reasons = refused.Select(r => r.Reason).ToArray(),
                Payloads = refused.Select(r => r.Payload).ToArray(),
            }, transaction, cancellationToken: cancellationToken));

    /// <summary>Records the gateway's visit and the highest journal sequence stored from it; returns that sequence.</summary>
    public static Task<long> TouchGatewayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuthenticatedGateway gateway, DateTimeOffset now, long highestSeq, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(TouchGateway, new { GatewayId = gateway.Id, Now = now, HighestSeq = highestSeq }, transaction, cancellationToken: cancellationToken));

    /// <summary>Of the alerts and gaps not inserted, those whose id is stored for different content (not duplicates: reused ids).</summary>
    public static async Task<HashSet<string>> FindReusedIdsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Alert> alerts, IReadOnlyList<Gap> gaps,
        CancellationToken cancellationToken)
    {
        var reused = new HashSet<string>(StringComparer.Ordinal);
        if (alerts.Count > 0)
        {
            reused.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(ReusedAlertIds, new
            {
                Ids = alerts.Select(a => a.Id).ToArray(),
                DeviceIds = alerts.Select(a => a.DeviceId).ToArray(),
                Rules = alerts.Select(a => a.Rule).ToArray(),
                Ts = alerts.Select(a => a.Ts.ToUniversalTime()).ToArray(),
            }, transaction, cancellationToken: cancellationToken)));
        }

        if (gaps.Count > 0)
        {
            reused.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(ReusedGapIds, new
            {
                Ids = gaps.Select(g => g.Id).ToArray(),
                DeviceIds = gaps.Select(g => g.DeviceId).ToArray(),
                From = gaps.Select(g => g.From.ToUniversalTime()).ToArray(),
            }, transaction, cancellationToken: cancellationToken)));
        }

        return reused;
    }
}

/// <summary>An item of a batch that was refused: its id, device, the reason, and the item as JSON for the dead-letter record.</summary>
internal sealed record RefusedItem(string Id, string? DeviceId, string Reason, string Payload);
