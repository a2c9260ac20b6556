namespace Edge.Gateway.Journal;

/// <summary>Journal depth per lane, for health, status and metrics, read on a connection of its own.</summary>
internal sealed record JournalStatistics(
    long PendingAlerts,
    long PendingGaps,
    long PendingLive,
    long PendingReadings,
    DateTimeOffset? OldestPendingReceivedAt,
    long ForwardedKept,
    long DeadLetters,
    long UsedBytes)
{
    public long Pending => PendingAlerts + PendingGaps + PendingReadings;

    public static JournalStatistics Read(JournalDatabase database)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM entries WHERE forwarded_at IS NULL AND kind = 1),
                   (SELECT count(*) FROM entries WHERE forwarded_at IS NULL AND kind = 2),
                   (SELECT count(*) FROM live),
                   (SELECT count(*) FROM entries WHERE forwarded_at IS NULL AND kind = 0),
                   (SELECT min(received_at) FROM entries WHERE forwarded_at IS NULL),
                   (SELECT count(*) FROM entries WHERE forwarded_at IS NOT NULL),
                   (SELECT count(*) FROM dead_letters),
                   (SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, pragma_page_size)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new JournalStatistics(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            reader.GetInt64(5),
            reader.GetInt64(6),
            reader.GetInt64(7));
    }
}
