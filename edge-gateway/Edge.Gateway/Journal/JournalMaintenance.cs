using System.Globalization;
using System.Text.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>What one eviction pass gave up.</summary>
internal sealed record EvictionResult(int ForwardedDeleted, int ReadingsEvicted, int GapsRecorded, int AlertsDropped)
{
    public static readonly EvictionResult None = new(0, 0, 0, 0);

    public EvictionResult Add(EvictionResult other) => new(
        ForwardedDeleted + other.ForwardedDeleted, ReadingsEvicted + other.ReadingsEvicted, GapsRecorded + other.GapsRecorded, AlertsDropped + other.AlertsDropped);
}

/// <summary>
/// Keeps the journal healthy for months: the disk quota (forwarded rows first, then the oldest unforwarded readings,
/// each eviction recorded as a gap; alerts never), time to live, pruning of forwarded rows, write-ahead-log checkpoints
/// and returning free pages to the file system. Run by the journal writer loop, between commits.
/// </summary>
internal sealed class JournalMaintenance(JournalDatabase database, JournalSequenceReservation reservation, string gatewayId) : IDisposable
{
    private const int Chunk = 5000;
    private readonly SqliteConnection _connection = database.Open();

    /// <summary>Bytes of live data (pages in use); free pages are not counted.</summary>
    public long UsedBytes()
    {
        long Pragma(string name) => Convert.ToInt64(JournalDatabase.Scalar(_connection, "PRAGMA " + name), CultureInfo.InvariantCulture);
        return (Pragma("page_count") - Pragma("freelist_count")) * Pragma("page_size");
    }

    /// <summary>Gives up forwarded rows, then the oldest unforwarded readings (as gaps), until the journal fits in <paramref name="maxBytes"/>.</summary>
    public EvictionResult EnforceQuota(long maxBytes, DateTimeOffset now)
    {
        var total = EvictionResult.None;
        while (UsedBytes() > maxBytes)
        {
            var deleted = Execute("DELETE FROM entries WHERE seq IN (SELECT seq FROM entries WHERE forwarded_at IS NOT NULL ORDER BY forwarded_at, seq LIMIT $chunk)", ("$chunk", Chunk));
            if (deleted > 0)
            {
                total = total.Add(new EvictionResult(deleted, 0, 0, 0));
                continue;
            }

            var evicted = EvictReadings("SELECT seq, device_id, ts FROM entries WHERE kind = 0 AND forwarded_at IS NULL ORDER BY seq LIMIT $chunk", "quota", now, ("$chunk", Chunk));
            if (evicted.ReadingsEvicted == 0)
            {
                break; // only alerts and gaps left: they are never evicted
            }

            total = total.Add(evicted);
        }

        if (total != EvictionResult.None)
        {
            ReleaseSpace();
        }

        return total;
    }

    /// <summary>The periodic pass: pruning, time to live, checkpoint.</summary>
    public EvictionResult Run(JournalOptions options, DateTimeOffset now)
    {
        var pruned = Execute("DELETE FROM entries WHERE forwarded_at IS NOT NULL AND forwarded_at < $before", ("$before", (now - options.KeepForwarded).ToUnixTimeMilliseconds()));
        var result = new EvictionResult(pruned, 0, 0, 0);
        if (options.ReadingTimeToLive is { } readingTtl)
        {
            var before = (now - readingTtl).ToUnixTimeMilliseconds();
            EvictionResult evicted;
            do
            {
                evicted = EvictReadings("SELECT seq, device_id, ts FROM entries WHERE kind = 0 AND forwarded_at IS NULL AND received_at < $before ORDER BY seq LIMIT $chunk",
                    "ttl", now, ("$before", before), ("$chunk", Chunk));
                result = result.Add(evicted);
            }
            while (evicted.ReadingsEvicted == Chunk);
        }

        if (options.AlertTimeToLive is { } alertTtl)
        {
            var dropped = Execute("DELETE FROM entries WHERE kind = 1 AND forwarded_at IS NULL AND received_at < $before", ("$before", (now - alertTtl).ToUnixTimeMilliseconds()));
            result = result.Add(new EvictionResult(0, 0, 0, dropped));
        }

        ReleaseSpace();
        return result;
    }

    public void Dispose() => _connection.Dispose();

    private EvictionResult EvictReadings(string select, string reason, DateTimeOffset now, params (string Name, object Value)[] parameters)
    {
        using var transaction = _connection.BeginTransaction();
        var victims = new List<(long Seq, string DeviceId, long Ts)>();
        using (var query = Command(select, transaction, parameters))
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                victims.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        if (victims.Count == 0)
        {
            return EvictionResult.None;
        }

        var gaps = victims.GroupBy(v => v.DeviceId, StringComparer.Ordinal).ToList();
        var lastSeq = Convert.ToInt64(JournalDatabase.Scalar(_connection, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entries'), 0)", transaction), CultureInfo.InvariantCulture);
        reservation.Cover(lastSeq + gaps.Count);
        foreach (var device in gaps)
        {
            RecordGap(transaction, new Gap
            {
                Id = string.Empty,
                GatewayId = gatewayId,
                DeviceId = device.Key,
                From = DateTimeOffset.FromUnixTimeMilliseconds(device.Min(v => v.Ts)),
                To = DateTimeOffset.FromUnixTimeMilliseconds(device.Max(v => v.Ts)),
                Count = device.Count(),
                Reason = reason,
            }, now);
        }

        var seqs = "[" + string.Join(',', victims.Select(v => v.Seq.ToString(CultureInfo.InvariantCulture))) + "]";
        using (var delete = Command("DELETE FROM entries WHERE seq IN (SELECT value FROM json_each($seqs))", transaction, ("$seqs", seqs)))
        {
            delete.ExecuteNonQuery();
        }

        using (var live = Command("DELETE FROM live WHERE seq IN (SELECT value FROM json_each($seqs))", transaction, ("$seqs", seqs)))
        {
            live.ExecuteNonQuery();
        }

        transaction.Commit();
        return new EvictionResult(0, victims.Count, gaps.Count, 0);
    }

    /// <summary>
    /// Adds to the device's pending gap of the same reason when there is one (an eviction that goes on for hours makes
    /// one gap per device, not one per pass), otherwise records a new gap entry. The count is exact; the span is that of
    /// the lost readings.
    /// </summary>
    private void RecordGap(SqliteTransaction transaction, Gap gap, DateTimeOffset now)
    {
        using (var pending = Command("SELECT seq, body FROM entries WHERE kind = 2 AND forwarded_at IS NULL AND device_id = $device ORDER BY seq DESC LIMIT 1",
            transaction, ("$device", gap.DeviceId)))
        using (var reader = pending.ExecuteReader())
        {
            if (reader.Read() && JsonSerializer.Deserialize(reader.GetString(1), TelemetryJson.Default.Gap) is { } open && open.Reason == gap.Reason)
            {
                var merged = open with
                {
                    From = open.From < gap.From ? open.From : gap.From,
                    To = open.To > gap.To ? open.To : gap.To,
                    Count = open.Count + gap.Count,
                };
                var seq = reader.GetInt64(0);
                reader.Close();
                using var update = Command("UPDATE entries SET body = $body, ts = $ts WHERE seq = $seq", transaction,
                    ("$body", JsonSerializer.Serialize(merged, TelemetryJson.Default.Gap)), ("$ts", merged.To.ToUnixTimeMilliseconds()), ("$seq", seq));
                update.ExecuteNonQuery();
                return;
            }
        }

        using var insert = Command("""
            INSERT INTO entries (kind, device_id, ts, received_at, source, body) VALUES (2, $device, $ts, $now, 'edge', $body)
            """, transaction, ("$device", gap.DeviceId), ("$ts", gap.To.ToUnixTimeMilliseconds()), ("$now", now.ToUnixTimeMilliseconds()),
            ("$body", JsonSerializer.Serialize(gap, TelemetryJson.Default.Gap)));
        insert.ExecuteNonQuery();
    }

    private void ReleaseSpace()
    {
        JournalDatabase.Execute(_connection, "PRAGMA incremental_vacuum");
        JournalDatabase.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, null, parameters);
        return command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
