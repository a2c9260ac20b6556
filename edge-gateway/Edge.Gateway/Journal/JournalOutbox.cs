using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>
/// The journal's forwarding side, owned by the uplink loop. A batch is made of three lanes, in this order: alerts and
/// gaps; then the newest unforwarded reading of each device, freshest first (the live view); then the backlog, oldest
/// first (journal order, which is each device's order). However long the backlog, a fresh alert or live value waits at
/// most for the batch already on its way.
/// </summary>
internal sealed class JournalOutbox(JournalDatabase database) : IDisposable
{
    private const string Columns = "e.seq, e.kind, e.device_id, e.ts, e.received_at, e.source, e.device_seq, e.body";

    private readonly SqliteConnection _connection = database.Open(relaxedDurability: true);

    public IReadOnlyList<JournalEntry> NextBatch(int limit)
    {
        using var transaction = _connection.BeginTransaction(deferred: true);
        var batch = Read(transaction, $"SELECT {Columns} FROM entries e WHERE e.forwarded_at IS NULL AND e.kind IN (1, 2) ORDER BY e.seq LIMIT $limit", limit);
        if (batch.Count < limit)
        {
            batch.AddRange(Read(transaction, $"""
                SELECT {Columns} FROM live l JOIN entries e ON e.seq = l.seq
                WHERE e.forwarded_at IS NULL ORDER BY l.ts DESC LIMIT $limit
                """, limit - batch.Count));
        }

        if (batch.Count < limit)
        {
            var taken = batch.Where(e => e.Kind == JournalEntryKind.Reading).Select(e => e.Seq).ToHashSet();
            batch.AddRange(Read(transaction, $"""
                SELECT {Columns} FROM entries e WHERE e.forwarded_at IS NULL AND e.kind = 0 ORDER BY e.seq LIMIT $limit
                """, limit - batch.Count + taken.Count).Where(e => !taken.Contains(e.Seq)).Take(limit - batch.Count).ToList());
        }

        transaction.Commit();
        return batch;
    }

    /// <summary>Marks the entries forwarded and records the cloud's refusals as dead letters, in one transaction.</summary>
    public void MarkForwarded(IReadOnlyList<JournalEntry> entries, IReadOnlyList<(JournalEntry Entry, string Reason)> refused, DateTimeOffset now)
    {
        var seqs = "[" + string.Join(',', entries.Select(e => e.Seq.ToString(CultureInfo.InvariantCulture))) + "]";
        using var transaction = _connection.BeginTransaction();
        using (var mark = Command(transaction, "UPDATE entries SET forwarded_at = $now WHERE seq IN (SELECT value FROM json_each($seqs)) AND forwarded_at IS NULL"))
        {
            mark.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            mark.Parameters.AddWithValue("$seqs", seqs);
            mark.ExecuteNonQuery();
        }

        using (var live = Command(transaction, "DELETE FROM live WHERE seq IN (SELECT value FROM json_each($seqs))"))
        {
            live.Parameters.AddWithValue("$seqs", seqs);
            live.ExecuteNonQuery();
        }

        foreach (var (entry, reason) in refused)
        {
            using var deadLetter = Command(transaction, """
                INSERT INTO dead_letters (received_at, source, topic, device_id, reason, payload)
                VALUES ($received, 'cloud', 'cloud refusal', $device, $reason, $payload)
                """);
            deadLetter.Parameters.AddWithValue("$received", now.ToUnixTimeMilliseconds());
            deadLetter.Parameters.AddWithValue("$device", entry.DeviceId);
            deadLetter.Parameters.AddWithValue("$reason", "refused by the cloud: " + reason);
            deadLetter.Parameters.AddWithValue("$payload", System.Text.Encoding.UTF8.GetBytes(entry.Body));
            deadLetter.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// Gives every unforwarded entry numbered at or below <paramref name="floor"/> a new number above it and above
    /// everything this journal handed out, and moves the journal's sequence past it: what the cloud told a gateway whose
    /// replaced journal reused ids it already holds. Returns how many entries were renumbered.
    /// </summary>
    public int RenumberAbove(long floor, JournalSequenceReservation reservation)
    {
        using var transaction = _connection.BeginTransaction();
        long Scalar(string sql) => Convert.ToInt64(JournalDatabase.Scalar(_connection, sql.Replace("$floor", floor.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), transaction), CultureInfo.InvariantCulture);
        var localMax = Scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entries'), 0)");
        var pending = Scalar("SELECT count(*) FROM entries WHERE forwarded_at IS NULL AND seq <= $floor");
        var newMax = Math.Max(localMax, floor);
        if (pending > 0)
        {
            var shift = newMax + 1 - Scalar("SELECT min(seq) FROM entries WHERE forwarded_at IS NULL AND seq <= $floor");
            newMax = Scalar("SELECT max(seq) FROM entries WHERE forwarded_at IS NULL AND seq <= $floor") + shift;
            reservation.Cover(newMax);
            var moves = shift.ToString(CultureInfo.InvariantCulture);
            JournalDatabase.Execute(_connection, $"UPDATE live SET seq = seq + {moves} WHERE seq IN (SELECT seq FROM entries WHERE forwarded_at IS NULL AND seq <= {floor})", transaction);
            JournalDatabase.Execute(_connection, $"UPDATE entries SET seq = seq + {moves} WHERE forwarded_at IS NULL AND seq <= {floor}", transaction);
        }

        reservation.Cover(newMax);
        JournalDatabase.Execute(_connection, $"UPDATE sqlite_sequence SET seq = max(seq, {newMax}) WHERE name = 'entries'", transaction);
        transaction.Commit();
        return (int)pending;
    }

    public void Dispose() => _connection.Dispose();

    private List<JournalEntry> Read(SqliteTransaction transaction, string sql, int limit)
    {
        using var command = Command(transaction, sql);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<JournalEntry>();
        while (reader.Read())
        {
            entries.Add(new JournalEntry(
                reader.GetInt64(0),
                (JournalEntryKind)reader.GetInt32(1),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.GetString(7)));
        }

        return entries;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
