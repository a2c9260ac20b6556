using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>
/// The journal's forwarding side, owned by the uplink loop: the oldest unforwarded readings in journal order (which is
/// each device's order), and marking them forwarded once the cloud has taken them.
/// </summary>
internal sealed class JournalOutbox(JournalDatabase database) : IDisposable
{
    private readonly SqliteConnection _connection = database.Open();

    public IReadOnlyList<JournaledReading> ReadUnforwarded(int limit)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT seq, device_id, ts, received_at, source, device_seq, values_json
            FROM readings WHERE forwarded_at IS NULL ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var readings = new List<JournaledReading>();
        while (reader.Read())
        {
            readings.Add(new JournaledReading(
                reader.GetInt64(0),
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5),
                reader.GetString(6)));
        }

        return readings;
    }

    /// <summary>Marks the readings forwarded and records the cloud's refusals as dead letters, in one transaction.</summary>
    public void MarkForwarded(IReadOnlyList<JournaledReading> readings, IReadOnlyList<(JournaledReading Reading, string Reason)> refused, DateTimeOffset now)
    {
        using var transaction = _connection.BeginTransaction();
        using (var mark = _connection.CreateCommand())
        {
            mark.Transaction = transaction;
            // The batch was the oldest unforwarded rows in seq order, and new rows only get higher seqs: the range is the batch.
            mark.CommandText = "UPDATE readings SET forwarded_at = $now WHERE forwarded_at IS NULL AND seq BETWEEN $first AND $last";
            mark.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            mark.Parameters.AddWithValue("$first", readings[0].Seq);
            mark.Parameters.AddWithValue("$last", readings[^1].Seq);
            mark.ExecuteNonQuery();
        }

        foreach (var (reading, reason) in refused)
        {
            using var deadLetter = _connection.CreateCommand();
            deadLetter.Transaction = transaction;
            deadLetter.CommandText = """
                INSERT INTO dead_letters (received_at, source, topic, device_id, reason, payload)
                VALUES ($received, 'cloud', 'cloud refusal', $device, $reason, $payload)
                """;
            deadLetter.Parameters.AddWithValue("$received", now.ToUnixTimeMilliseconds());
            deadLetter.Parameters.AddWithValue("$device", reading.DeviceId);
            deadLetter.Parameters.AddWithValue("$reason", "refused by the cloud: " + reason);
            deadLetter.Parameters.AddWithValue("$payload", System.Text.Encoding.UTF8.GetBytes(reading.ValuesJson));
            deadLetter.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Deletes forwarded readings older than the cut-off; returns how many.</summary>
    public int PruneForwarded(DateTimeOffset forwardedBefore)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM readings WHERE forwarded_at IS NOT NULL AND forwarded_at < $before";
        command.Parameters.AddWithValue("$before", forwardedBefore.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
