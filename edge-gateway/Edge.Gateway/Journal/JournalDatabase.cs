using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>
/// The journal's SQLite file: its layout, pragmas (WAL, synchronous, incremental vacuum), and connections to it.
/// See docs/gateway-journal.md.
/// </summary>
internal sealed class JournalDatabase(string path, string synchronous)
{
    /// <summary>The layout this code writes (<c>PRAGMA user_version</c>).</summary>
    public const int LayoutVersion = 3;

    // One table for everything forwarded, so that readings, alerts and gaps share one sequence: every id
    // {gatewayId}:{seq} is unique across kinds. AUTOINCREMENT never hands a number out again, even after rows are
    // deleted; a replacement journal starts above the reserved floor (JournalSequenceReservation).
    private const string Layout = """
        PRAGMA auto_vacuum = INCREMENTAL;
        CREATE TABLE entries (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            kind          INTEGER NOT NULL,
            device_id     TEXT    NOT NULL,
            ts            INTEGER NOT NULL,
            received_at   INTEGER NOT NULL,
            source        TEXT    NOT NULL,
            device_seq    INTEGER,
            body          TEXT    NOT NULL,
            fingerprint   BLOB,
            forwarded_at  INTEGER
        );
        CREATE INDEX entries_pending ON entries (kind, seq) WHERE forwarded_at IS NULL;
        CREATE INDEX entries_forwarded ON entries (forwarded_at) WHERE forwarded_at IS NOT NULL;
        CREATE INDEX entries_fingerprint ON entries (fingerprint) WHERE fingerprint IS NOT NULL;
        CREATE INDEX entries_device ON entries (device_id, seq);
        CREATE TABLE live (
            device_id  TEXT    PRIMARY KEY,
            seq        INTEGER NOT NULL,
            ts         INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE dead_letters (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at  INTEGER NOT NULL,
            source       TEXT    NOT NULL,
            topic        TEXT    NOT NULL,
            device_id    TEXT,
            reason       TEXT    NOT NULL,
            payload      BLOB
        );
        PRAGMA user_version = 1;
        """;

    /// <summary>Each step takes the layout from version N to N + 1 (index N - 1), in one transaction.</summary>
    private static readonly string[] Upgrades =
    [
        // 1 -> 2: SMS to send for alarms, durable with the alerts that caused them.
        """
        CREATE TABLE sms_outbox (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            phone            TEXT    NOT NULL,
            text             TEXT    NOT NULL,
            created_at       INTEGER NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_at  INTEGER NOT NULL,
            sent_at          INTEGER,
            failed_at        INTEGER,
            last_error       TEXT
        );
        CREATE INDEX sms_outbox_pending ON sms_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
        PRAGMA user_version = 2;
        """,

        // 2 -> 3: one per-device index instead of two plus a random one. A repeat is looked up by device and measurement
        // time, then compared by fingerprint. The fingerprint index had random keys, so each reading dirtied a page of
        // its own, and each per-device index dirtied a page per device in every commit: most of what a commit wrote to
        // the write-ahead log.
        """
        DROP INDEX entries_fingerprint;
        DROP INDEX entries_device;
        CREATE INDEX entries_device_ts ON entries (device_id, ts);
        PRAGMA user_version = 3;
        """,
    ];

    public string Path { get; } = path;

    /// <summary>
    /// A connection with the configured <c>synchronous</c> setting, or with <c>NORMAL</c> when
    /// <paramref name="relaxedDurability"/>: for writes whose loss in a power cut costs nothing but a repeat (marking
    /// entries forwarded: the cloud recognises a resent id), so they need not wait for the disk.
    /// </summary>
    public SqliteConnection Open(bool relaxedDurability = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(relaxedDurability ? "NORMAL" : synchronous)}; PRAGMA busy_timeout = 10000;");
        return connection;
    }

    /// <summary>Creates the layout in a new file; checks an existing one. Throws <see cref="JournalUnusableException"/> when the file cannot serve.</summary>
    public void CreateOrVerify(long sequenceFloor)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        try
        {
            using var connection = Open();
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            var tables = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), System.Globalization.CultureInfo.InvariantCulture);
            if (version == 0 && tables == 0)
            {
                Execute(connection, Layout);
                if (sequenceFloor > 0)
                {
                    Execute(connection, $"INSERT INTO sqlite_sequence (name, seq) VALUES ('entries', {sequenceFloor})");
                }

                version = 1;
            }

            for (; version is >= 1 and < LayoutVersion; version++)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, Upgrades[version - 1], transaction);
                transaction.Commit();
            }

            if (version != LayoutVersion)
            {
                throw new JournalUnusableException($"journal layout version {version}, this gateway writes version {LayoutVersion}");
            }

            var check = Scalar(connection, "PRAGMA quick_check") as string;
            if (check != "ok")
            {
                throw new JournalUnusableException($"integrity check failed: {check}");
            }
        }
        catch (SqliteException e)
        {
            throw new JournalUnusableException($"SQLite error {e.SqliteErrorCode}: {e.Message}", e);
        }
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }
}

/// <summary>The journal file cannot be used (corrupt, unreadable, or of an unknown layout).</summary>
internal sealed class JournalUnusableException(string message, Exception? innerException = null) : Exception(message, innerException);
