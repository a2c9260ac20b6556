using System.Text.Json;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;

namespace Edge.Gateway.Journal;

/// <summary>Reads journaled readings and alerts back in journal order, for the rule engine's restart.</summary>
internal static class JournalReplay
{
    /// <summary>The newest <paramref name="max"/> readings received since <paramref name="since"/>, oldest first.</summary>
    public static IReadOnlyList<(string DeviceId, DateTimeOffset Ts, DateTimeOffset ReceivedAt, Dictionary<string, double> Values)> Readings(
        JournalDatabase database, DateTimeOffset since, int max)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT device_id, ts, received_at, body FROM entries
            WHERE kind = 0 AND received_at >= $since ORDER BY seq DESC LIMIT $max
            """;
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var readings = new List<(string, DateTimeOffset, DateTimeOffset, Dictionary<string, double>)>();
        while (reader.Read())
        {
            readings.Add((
                reader.GetString(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                JsonSerializer.Deserialize(reader.GetString(3), TelemetryJson.Default.DictionaryStringDouble)!));
        }

        readings.Reverse();
        return readings;
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
