using System.Text.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Journal;

/// <summary>Reads journaled readings and alerts back in journal order, for the rule engine's restart.</summary>
internal static class JournalReplay
{
    /// <summary>
    /// The newest <paramref name="max"/> readings received since <paramref name="since"/>, oldest first, read one at a
    /// time as the caller consumes them: a restart on a journal of millions of readings holds one in memory, not all.
    /// </summary>
    public static IEnumerable<(string DeviceId, DateTimeOffset Ts, DateTimeOffset ReceivedAt, Dictionary<string, double> Values)> Readings(
        JournalDatabase database, DateTimeOffset since, int max)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true); // one snapshot for both queries
        long firstSeq;
        using (var oldestKept = connection.CreateCommand())
        {
            oldestKept.Transaction = transaction;
            oldestKept.CommandText = """
                SELECT coalesce(min(seq), 0) FROM (
                    SELECT seq FROM entries WHERE kind = 0 AND received_at >= $since ORDER BY seq DESC LIMIT $max)
                """;
            oldestKept.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            oldestKept.Parameters.AddWithValue("$max", max);
            firstSeq = (long)oldestKept.ExecuteScalar()!;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT device_id, ts, received_at, body FROM entries WHERE kind = 0 AND received_at >= $since AND seq >= $first ORDER BY seq";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$first", firstSeq);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (
                reader.GetString(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                JsonSerializer.Deserialize(reader.GetString(3), TelemetryJson.Default.DictionaryStringDouble)!);
        }
    }

    /// <summary>Alerts journaled since <paramref name="since"/>, in journal order.</summary>
    public static IReadOnlyList<Alert> Alerts(JournalDatabase database, DateTimeOffset since)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM entries WHERE kind = 1 AND received_at >= $since ORDER BY seq";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var alerts = new List<Alert>();
        while (reader.Read())
        {
            alerts.Add(JsonSerializer.Deserialize(reader.GetString(0), TelemetryJson.Default.Alert)!);
        }

        return alerts;
    }
}
