using System.Text.Json;
using Edge.Gateway.Decoding;
using Edge.Telemetry;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>
/// The journal's write side, owned by the journal writer loop: appends a group of readings and dead letters in one
/// transaction, skipping readings it already holds (see <see cref="DuplicateCheck"/>).
/// </summary>
internal sealed class JournalAppender : IDisposable
{
    /// <summary>How many of a device's latest readings a redelivered payload without a timestamp is compared with.</summary>
    public const int DeviceLatestWindow = 20;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertReading;
    private readonly SqliteCommand _insertDeadLetter;
    private readonly SqliteCommand _existsAnywhere;
    private readonly SqliteCommand _existsInDeviceLatest;

    public JournalAppender(JournalDatabase database)
    {
        _connection = database.Open();
        _insertReading = Prepare("""
            INSERT INTO readings (device_id, ts, received_at, source, device_seq, values_json, fingerprint)
            VALUES ($device, $ts, $received, $source, $deviceSeq, $values, $fingerprint)
            """, "$device", "$ts", "$received", "$source", "$deviceSeq", "$values", "$fingerprint");
        _insertDeadLetter = Prepare("""
            INSERT INTO dead_letters (received_at, source, topic, device_id, reason, payload)
            VALUES ($received, $source, $topic, $device, $reason, $payload)
            """, "$received", "$source", "$topic", "$device", "$reason", "$payload");
        _existsAnywhere = Prepare("SELECT EXISTS (SELECT 1 FROM readings WHERE fingerprint = $fingerprint)", "$fingerprint");
        _existsInDeviceLatest = Prepare($"""
            SELECT EXISTS (SELECT 1 FROM (SELECT fingerprint FROM readings WHERE device_id = $device ORDER BY seq DESC LIMIT {DeviceLatestWindow})
                           WHERE fingerprint = $fingerprint)
            """, "$device", "$fingerprint");
    }

    /// <summary>Appends in one durable transaction; returns how many readings were new and how many were repeats.</summary>
    public (int Appended, int Duplicates) Append(IReadOnlyList<NormalizedReading> readings, IReadOnlyList<DeadLetter> deadLetters)
    {
        using var transaction = _connection.BeginTransaction();
        var appended = 0;
        foreach (var reading in readings)
        {
            if (IsDuplicate(reading, transaction))
            {
                continue;
            }

            Execute(_insertReading, transaction, reading.DeviceId, reading.Ts.ToUnixTimeMilliseconds(), reading.ReceivedAt.ToUnixTimeMilliseconds(),
                reading.Source, reading.DeviceSeq, JsonSerializer.Serialize(reading.Values, TelemetryJson.Default.IReadOnlyDictionaryStringDouble), reading.Fingerprint);
            appended++;
        }

        foreach (var deadLetter in deadLetters)
        {
            Execute(_insertDeadLetter, transaction, deadLetter.ReceivedAt.ToUnixTimeMilliseconds(), deadLetter.Source, deadLetter.Topic,
                deadLetter.DeviceId, deadLetter.Reason, deadLetter.Payload.ToArray());
        }

        transaction.Commit();
        return (appended, readings.Count - appended);
    }

    public void Dispose()
    {
        _insertReading.Dispose();
        _insertDeadLetter.Dispose();
        _existsAnywhere.Dispose();
        _existsInDeviceLatest.Dispose();
        _connection.Dispose();
    }

    private bool IsDuplicate(NormalizedReading reading, SqliteTransaction transaction) => reading.DuplicateCheck switch
    {
        DuplicateCheck.AnyKept => Exists(_existsAnywhere, transaction, reading.Fingerprint),
        DuplicateCheck.DeviceLatest => Exists(_existsInDeviceLatest, transaction, reading.DeviceId, reading.Fingerprint),
        _ => false,
    };

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Execute(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        Bind(command, transaction, values);
        command.ExecuteNonQuery();
    }

    private static bool Exists(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        Bind(command, transaction, values);
        return command.ExecuteScalar() is long found && found == 1;
    }

    private static void Bind(SqliteCommand command, SqliteTransaction transaction, object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
