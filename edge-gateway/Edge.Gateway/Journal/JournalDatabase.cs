using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>The journal's SQLite file: schema, pragmas (WAL, synchronous), and connections to it.</summary>
internal sealed class JournalDatabase(string path, string synchronous)
{
    // journal seq: AUTOINCREMENT never hands out a number again, even after rows are deleted, so reading ids
    // ({gatewayId}:{seq}) stay unique across pruning and restarts.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS readings (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            device_id     TEXT    NOT NULL,
            ts            INTEGER NOT NULL,
            received_at   INTEGER NOT NULL,
            source        TEXT    NOT NULL,
            device_seq    INTEGER,
            values_json   TEXT    NOT NULL,
            fingerprint   BLOB    NOT NULL,
            forwarded_at  INTEGER
        );
        CREATE INDEX IF NOT EXISTS readings_unforwarded ON readings (seq) WHERE forwarded_at IS NULL;
        CREATE INDEX IF NOT EXISTS readings_fingerprint ON readings (fingerprint);
        CREATE INDEX IF NOT EXISTS readings_device ON readings (device_id, seq);
        CREATE TABLE IF NOT EXISTS dead_letters (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at  INTEGER NOT NULL,
            source       TEXT    NOT NULL,
            topic        TEXT    NOT NULL,
            device_id    TEXT,
            reason       TEXT    NOT NULL,
            payload      BLOB
        );
        """;

    public string Path { get; } = path;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;");
        return connection;
    }

    public void EnsureCreated()
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = Open();
        Execute(connection, Schema);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
