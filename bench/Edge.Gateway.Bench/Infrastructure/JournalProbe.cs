using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Bench.Infrastructure;

/// <summary>
/// Reads the gateway's journal from outside, cheaply, while the gateway writes it (WAL lets a reader in): the last
/// sequence handed out (rows appended so far) and the oldest unforwarded reading (how far the backlog has drained).
/// Both are index look-ups, unlike the gateway's own lane gauges, which count rows.
/// </summary>
internal sealed class JournalProbe(string path) : IDisposable
{
    private SqliteConnection? _connection;

    /// <summary>The journal's last seq (0 before the first row, or before the file exists).</summary>
    public long LastSeq() => Scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entries'), 0)") ?? 0;

    /// <summary>The seq of the oldest unforwarded reading; null when none is left.</summary>
    public long? OldestPendingSeq() => Scalar("SELECT seq FROM entries WHERE forwarded_at IS NULL AND kind = 0 ORDER BY seq LIMIT 1");

    public long FirstSeq() => Scalar("SELECT min(seq) FROM entries") ?? 0;

    public long PendingReadings() => Scalar("SELECT count(*) FROM entries WHERE forwarded_at IS NULL AND kind = 0") ?? 0;

    public void Dispose() => _connection?.Dispose();

    private long? Scalar(string sql)
    {
        if (_connection is null)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5 }.ToString());
            _connection.Open();
        }

        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            var value = command.ExecuteScalar();
            return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return null; // the gateway has not created its layout yet
        }
    }
}
