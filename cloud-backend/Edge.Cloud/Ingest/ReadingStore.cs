using System.Text.Json;
using Dapper;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace Edge.Cloud.Ingest;

/// <summary>
/// The readings of one ingest batch, in the caller's transaction (after <see cref="IngestStore.LockGatewayAsync"/>):
/// binary COPY into a per-transaction staging table, then one statement storing each new id once across the weekly
/// partitions and moving the devices' latest values and hourly rollup forward (docs/cloud-storage.md).
/// </summary>
internal static class ReadingStore
{
    // The batch's readings go to a staging table by binary COPY, then into readings in one statement.
    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS ingest_readings (
            ordinal      integer NOT NULL,
            id           text NOT NULL,
            journal_seq  bigint NOT NULL,
            device_id    text NOT NULL,
            ts           timestamptz NOT NULL,
            received_at  timestamptz NOT NULL,
            source       text NOT NULL,
            seq          bigint,
            "values"     jsonb NOT NULL,
            radio        jsonb
        ) ON COMMIT DROP
        """;

    private const string CopyStaging = """
        COPY ingest_readings (ordinal, id, journal_seq, device_id, ts, received_at, source, seq, "values", radio) FROM STDIN (FORMAT BINARY)
        """;

    // The primary key is (id, ts) since readings are partitioned by ts: an id above the gateway's highest stored
    // sequence is new; any other is looked up first in its own week's partition (a resend), then in every partition
    // (a reading forwarded out of order, or an id reused for another time). The gateway's row lock serialises this.
    // The rows actually inserted move the devices' latest values and their hours' rollup (sql/0010) forward.
    private const string InsertReadings = """
        WITH candidates AS (
            SELECT DISTINCT ON (id) * FROM ingest_readings ORDER BY id, ordinal
        ), fresh AS (
            SELECT * FROM candidates c
            WHERE CASE
                WHEN c.journal_seq > @HighestSeq THEN true
                WHEN EXISTS (SELECT 1 FROM readings r WHERE r.id = c.id AND r.ts = c.ts) THEN false
                ELSE NOT EXISTS (SELECT 1 FROM readings r WHERE r.id = c.id)
            END
        ), inserted AS (
            INSERT INTO readings (id, tenant_id, device_id, gateway_id, ts, received_at, source, seq, "values", radio)
            SELECT id, @TenantId, device_id, @GatewayId, ts, received_at, source, seq, "values", radio FROM fresh
            ON CONFLICT DO NOTHING
            RETURNING id, device_id, ts, "values"
        ), newest AS (
            SELECT DISTINCT ON (device_id) device_id, id, ts, "values" FROM inserted ORDER BY device_id, ts DESC, id DESC
        ), latest AS (
            INSERT INTO device_latest AS l (device_id, tenant_id, reading_id, ts, "values", last_seen_at)
            SELECT device_id, @TenantId, id, ts, "values", @Now FROM newest
            ON CONFLICT (device_id) DO UPDATE SET
                reading_id   = CASE WHEN excluded.ts >= l.ts THEN excluded.reading_id ELSE l.reading_id END,
                "values"     = CASE WHEN excluded.ts >= l.ts THEN l."values" || excluded."values" ELSE excluded."values" || l."values" END,
                ts           = GREATEST(l.ts, excluded.ts),
                last_seen_at = excluded.last_seen_at
        ), hourly AS (
            INSERT INTO readings_hourly AS h (tenant_id, device_id, metric, hour, min, max, sum, count, last_ts, last_id, last)
            SELECT @TenantId, device_id, metric, hour, min(v), max(v), sum(v), count(*),
                   (array_agg(ts ORDER BY ts DESC, id DESC))[1], (array_agg(id ORDER BY ts DESC, id DESC))[1],
                   (array_agg(v ORDER BY ts DESC, id DESC))[1]
            FROM (SELECT i.device_id, m.key AS metric, date_bin('1 hour', i.ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
                         i.ts, i.id, m.value::float8 AS v
                  FROM inserted i, jsonb_each_text(i."values") AS m) AS x
            GROUP BY device_id, metric, hour
            ON CONFLICT (tenant_id, device_id, metric, hour) DO UPDATE SET
                min     = LEAST(h.min, excluded.min),
                max     = GREATEST(h.max, excluded.max),
                sum     = h.sum + excluded.sum,
                count   = h.count + excluded.count,
                last_ts = CASE WHEN (excluded.last_ts, excluded.last_id) > (h.last_ts, h.last_id) THEN excluded.last_ts ELSE h.last_ts END,
                last_id = CASE WHEN (excluded.last_ts, excluded.last_id) > (h.last_ts, h.last_id) THEN excluded.last_id ELSE h.last_id END,
                last    = CASE WHEN (excluded.last_ts, excluded.last_id) > (h.last_ts, h.last_id) THEN excluded.last ELSE h.last END
        )
        SELECT id FROM inserted
        """;

    // After the insert every staged reading is stored under its id and time with the same content, unless its id
    // is held by another reading (a reused id): the lookup stays within the reading's own week's partition.
    private const string ReusedReadingIds = """
        SELECT DISTINCT s.id FROM ingest_readings s
        WHERE NOT EXISTS (
            SELECT 1 FROM readings r WHERE r.id = s.id AND r.ts = s.ts AND r.device_id = s.device_id AND r."values" = s."values")
        """;

    /// <summary>
    /// Stores the readings whose id is new (binary COPY into a staging table, then one INSERT ... SELECT) and moves
    /// the devices' latest values forward; returns the ids stored and those refused as reused for another reading.
    /// </summary>
    public static async Task<(HashSet<string> Inserted, HashSet<string> Reused)> InsertReadingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuthenticatedGateway gateway, IReadOnlyList<Reading> readings,
        long highestSeq, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (readings.Count == 0)
        {
            return ([], []);
        }

        await connection.ExecuteAsync(new CommandDefinition(CreateStaging, transaction: transaction, cancellationToken: cancellationToken));
        await CopyToStagingAsync(connection, gateway, readings, cancellationToken);
        var inserted = await connection.QueryAsync<string>(new CommandDefinition(InsertReadings, new
        {
            gateway.TenantId,
            GatewayId = gateway.Id,
            Now = now,
            HighestSeq = highestSeq,
        }, transaction, cancellationToken: cancellationToken));
        var stored = inserted.ToHashSet(StringComparer.Ordinal);
        if (stored.Count == readings.Count)
        {
            return (stored, []); // every reading was new: none can be a duplicate or a reused id
        }

        var reused = await connection.QueryAsync<string>(new CommandDefinition(ReusedReadingIds, transaction: transaction, cancellationToken: cancellationToken));
        return (stored, reused.ToHashSet(StringComparer.Ordinal));
    }

    private static async Task CopyToStagingAsync(NpgsqlConnection connection, AuthenticatedGateway gateway, IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyStaging, cancellationToken);
        for (var ordinal = 0; ordinal < readings.Count; ordinal++)
        {
            var reading = readings[ordinal];
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(ordinal, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(reading.Id, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(IngestStore.JournalSequence(reading.Id, gateway.Id), NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(reading.DeviceId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(reading.Ts.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(reading.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(reading.Source, NpgsqlDbType.Text, cancellationToken);
            if (reading.Seq is { } seq)
            {
                await importer.WriteAsync(seq, NpgsqlDbType.Bigint, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(JsonSerializer.Serialize(reading.Values, TelemetryJson.Default.IReadOnlyDictionaryStringDouble), NpgsqlDbType.Jsonb, cancellationToken);
            if (reading.Radio is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(JsonSerializer.Serialize(reading.Radio, TelemetryJson.Default.RadioMetadata), NpgsqlDbType.Jsonb, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
