using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>An SMS waiting to be sent.</summary>
internal sealed record PendingSms(long Id, string Phone, string Text, int Attempts);

/// <summary>The journal's SMS queue, owned by the SMS sender loop: messages journaled with their alerts, sent in order.</summary>
internal sealed class SmsOutbox(JournalDatabase database) : IDisposable
{
    private readonly SqliteConnection _connection = database.Open();

    public IReadOnlyList<PendingSms> Due(DateTimeOffset now, int limit)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT id, phone, text, attempts FROM sms_outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $now ORDER BY id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var due = new List<PendingSms>();
        while (reader.Read())
        {
            due.Add(new PendingSms(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return due;
    }

    public void MarkSent(long id, DateTimeOffset now) =>
        Execute("UPDATE sms_outbox SET sent_at = $now, attempts = attempts + 1, last_error = NULL WHERE id = $id", id, now, null, null);

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or given up for good when null.</summary>
    public void MarkFailed(long id, DateTimeOffset now, string error, DateTimeOffset? retryAt) => Execute(
        retryAt is null
            ? "UPDATE sms_outbox SET failed_at = $now, attempts = attempts + 1, last_error = $error WHERE id = $id"
            : "UPDATE sms_outbox SET next_attempt_at = $retry, attempts = attempts + 1, last_error = $error WHERE id = $id",
        id, now, error, retryAt);

    /// <summary>How many wait, and how many were given up.</summary>
    public (long Pending, long Failed) Counts()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM sms_outbox WHERE sent_at IS NULL AND failed_at IS NULL),
                   (SELECT count(*) FROM sms_outbox WHERE failed_at IS NOT NULL)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql, long id, DateTimeOffset now, string? error, DateTimeOffset? retryAt)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$retry", (object?)retryAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
