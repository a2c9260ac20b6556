namespace Edge.Gateway.Journal;

/// <summary>Journal depth for health, status and metrics, read on a connection of its own.</summary>
internal sealed record JournalStatistics(long Unforwarded, DateTimeOffset? OldestUnforwardedReceivedAt, long Forwarded, long DeadLetters)
{
    public static JournalStatistics Read(JournalDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM readings WHERE forwarded_at IS NULL),
                   (SELECT min(received_at) FROM readings WHERE forwarded_at IS NULL),
                   (SELECT count(*) FROM readings WHERE forwarded_at IS NOT NULL),
                   (SELECT count(*) FROM dead_letters)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new JournalStatistics(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetInt64(2),
            reader.GetInt64(3));
    }
}
