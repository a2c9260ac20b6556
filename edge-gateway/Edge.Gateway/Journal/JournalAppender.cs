using System.Globalization;
using System.Text.Json;
using Edge.Gateway.Alarms;
using Edge.Gateway.Decoding;
using Edge.Telemetry;
using Edge.Telemetry.Contracts;
using Microsoft.Data.Sqlite;

namespace Edge.Gateway.Journal;

/// <summary>What one append did: readings new and repeated, the journal seq each alert got (its id), SMS queued.</summary>
internal sealed record AppendResult(int Appended, int Duplicates, IReadOnlyList<(long Seq, Alert Alert)> Alerts, int Sms);

/// <summary>
/// The journal's write side, owned by the journal writer loop: appends a group of readings, alerts and dead letters in
/// one transaction, skipping readings it already holds (see <see cref="DuplicateCheck"/>) and keeping the live lane
/// (the newest reading of each device) current.
/// </summary>
internal sealed class JournalAppender : IDisposable
{
    /// <summary>How many of a device's latest readings (by measurement time) a redelivered payload without a timestamp is compared with.</summary>
    public const int DeviceLatestWindow = 20;

    private readonly SqliteConnection _connection;
    private readonly JournalSequenceReservation _reservation;
    private readonly SqliteCommand _insertEntry;
    private readonly SqliteCommand _updateLive;
    private readonly SqliteCommand _insertDeadLetter;
    private readonly SqliteCommand _insertSms;
    private readonly SqliteCommand _insertUnlessKept;
    private readonly SqliteCommand _existsInDeviceLatest;
    private readonly Dictionary<string, (long Seq, long Ts)> _newestByDevice = new(StringComparer.Ordinal);

    public JournalAppender(JournalDatabase database, JournalSequenceReservation reservation)
    {
        _connection = database.Open();
        _reservation = reservation;
        _insertEntry = Prepare("""
            INSERT INTO entries (kind, device_id, ts, received_at, source, device_seq, body, fingerprint)
            VALUES ($kind, $device, $ts, $received, $source, $deviceSeq, $body, $fingerprint)
            RETURNING seq
            """, "$kind", "$device", "$ts", "$received", "$source", "$deviceSeq", "$body", "$fingerprint");
        _updateLive = Prepare("""
            INSERT INTO live (device_id, seq, ts) VALUES ($device, $seq, $ts)
            ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, ts = excluded.ts WHERE excluded.ts >= live.ts
            """, "$device", "$seq", "$ts");
        _insertDeadLetter = Prepare("""
            INSERT INTO dead_letters (received_at, source, topic, device_id, reason, payload)
            VALUES ($received, $source, $topic, $device, $reason, $payload)
            """, "$received", "$source", "$topic", "$device", "$reason", "$payload");
        _insertSms = Prepare("""
            INSERT INTO sms_outbox (phone, text, created_at, next_attempt_at) VALUES ($phone, $text, $now, $now)
            """, "$phone", "$text", "$now");
        _insertUnlessKept = Prepare("""
            INSERT INTO entries (kind, device_id, ts, received_at, source, device_seq, body, fingerprint)
            SELECT $kind, $device, $ts, $received, $source, $deviceSeq, $body, $fingerprint
            WHERE NOT EXISTS (SELECT 1 FROM entries WHERE device_id = $device AND ts = $ts AND fingerprint = $fingerprint)
            RETURNING seq
            """, "$kind", "$device", "$ts", "$received", "$source", "$deviceSeq", "$body", "$fingerprint");
        _existsInDeviceLatest = Prepare($"""
            SELECT EXISTS (SELECT 1 FROM (SELECT fingerprint FROM entries WHERE device_id = $device AND kind = 0 ORDER BY ts DESC LIMIT {DeviceLatestWindow})
                           WHERE fingerprint = $fingerprint)
            """, "$device", "$fingerprint");
    }

    /// <summary>
    /// Appends in one durable transaction: the readings not already held, then what <paramref name="decide"/> makes of
    /// them (the local alarms: alerts and the SMS they call for), then the dead letters.
    /// </summary>
    public AppendResult Append(
        IReadOnlyList<NormalizedReading> readings,
        IReadOnlyList<DeadLetter> deadLetters,
        DateTimeOffset now,
        Func<IReadOnlyList<NormalizedReading>, AlarmDecisions>? decide = null)
    {
        using var transaction = _connection.BeginTransaction();
        var lastSeq = Convert.ToInt64(JournalDatabase.Scalar(_connection, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entries'), 0)", transaction), CultureInfo.InvariantCulture);
        _reservation.Cover(lastSeq + readings.Count);

        var appended = new List<NormalizedReading>(readings.Count);
        _newestByDevice.Clear();
        foreach (var reading in readings)
        {
            if (reading.DuplicateCheck == DuplicateCheck.DeviceLatest && IsRedeliveryOfLatest(reading, transaction))
            {
                continue;
            }

            var ts = reading.Ts.ToUnixTimeMilliseconds();

            // A timestamped reading is inserted unless the same device, time and bytes are kept: one statement, not a
            // query and an insert.
            var inserted = Bind(reading.DuplicateCheck == DuplicateCheck.AnyKept ? _insertUnlessKept : _insertEntry, transaction,
                (int)JournalEntryKind.Reading, reading.DeviceId, ts, reading.ReceivedAt.ToUnixTimeMilliseconds(), reading.Source, reading.DeviceSeq,
                JsonSerializer.Serialize(reading.Values, TelemetryJson.Default.IReadOnlyDictionaryStringDouble), reading.Fingerprint).ExecuteScalar();
            if (inserted is not long seq)
            {
                continue;
            }

            if (!_newestByDevice.TryGetValue(reading.DeviceId, out var newest) || ts >= newest.Ts)
            {
                _newestByDevice[reading.DeviceId] = (seq, ts);
            }

            appended.Add(reading);
        }

        // The live lane once per device and commit (its newest reading, a later one winning a tie), not once per reading.
        foreach (var (deviceId, (seq, ts)) in _newestByDevice)
        {
            Bind(_updateLive, transaction, deviceId, seq, ts).ExecuteNonQuery();
        }

        var decisions = decide?.Invoke(appended) ?? AlarmDecisions.None;
        _reservation.Cover(lastSeq + appended.Count + decisions.Alerts.Count);
        var journaledAlerts = new List<(long, Alert)>(decisions.Alerts.Count);
        foreach (var alert in decisions.Alerts)
        {
            var seq = Insert(transaction, JournalEntryKind.Alert, alert.DeviceId, alert.Ts.ToUnixTimeMilliseconds(), alert.Ts.ToUnixTimeMilliseconds(), "edge",
                null, JsonSerializer.Serialize(alert, TelemetryJson.Default.Alert), null);
            journaledAlerts.Add((seq, alert));
        }

        foreach (var sms in decisions.Sms)
        {
            Bind(_insertSms, transaction, sms.Phone, sms.Text, now.ToUnixTimeMilliseconds()).ExecuteNonQuery();
        }

        foreach (var deadLetter in deadLetters)
        {
            Bind(_insertDeadLetter, transaction, deadLetter.ReceivedAt.ToUnixTimeMilliseconds(), deadLetter.Source, deadLetter.Topic,
                deadLetter.DeviceId, deadLetter.Reason, deadLetter.Payload.ToArray()).ExecuteNonQuery();
        }

        transaction.Commit();
        return new AppendResult(appended.Count, readings.Count - appended.Count, journaledAlerts, decisions.Sms.Count);
    }

    public void Dispose()
    {
        _insertEntry.Dispose();
        _updateLive.Dispose();
        _insertDeadLetter.Dispose();
        _insertSms.Dispose();
        _insertUnlessKept.Dispose();
        _existsInDeviceLatest.Dispose();
        _connection.Dispose();
    }

    private long Insert(SqliteTransaction transaction, JournalEntryKind kind, string deviceId, long ts, long receivedAt, string source, long? deviceSeq, string body, byte[]? fingerprint) =>
        (long)Bind(_insertEntry, transaction, (int)kind, deviceId, ts, receivedAt, source, deviceSeq, body, fingerprint).ExecuteScalar()!;

    private bool IsRedeliveryOfLatest(NormalizedReading reading, SqliteTransaction transaction) =>
        Bind(_existsInDeviceLatest, transaction, reading.DeviceId, reading.Fingerprint).ExecuteScalar() is 1L;

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

    private static SqliteCommand Bind(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }
}
