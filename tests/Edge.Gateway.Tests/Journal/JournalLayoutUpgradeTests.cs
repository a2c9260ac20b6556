using Edge.Gateway.Decoding;
using Edge.Gateway.Journal;

namespace Edge.Gateway.Tests.Journal;

/// <summary>A journal written by an older gateway is upgraded in place at start, keeping what it holds.</summary>
public sealed class JournalLayoutUpgradeTests : IDisposable
{
    // The layout-2 indexes of the entries table, as gateways before layout 3 created them.
    private const string Layout2Indexes = """
        CREATE INDEX entries_fingerprint ON entries (fingerprint) WHERE fingerprint IS NOT NULL;
        CREATE INDEX entries_device ON entries (device_id, seq);
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-journal-upgrade-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Open_Layout2Journal_IsUpgradedKeepingItsReadingsAndStillRecognisesTheirRepeats()
    {
        var path = Path.Combine(_directory.FullName, "journal.db");
        const string Json = """{"ts":"2026-11-21T09:00:00Z","values":{"rain_mm":1}}""";
        var inbound = new Inbound();
        NormalizedReading Reading() => TelemetryNormalizer.Normalize(inbound.Telemetry("a", Json, redelivered: false), 65536).Reading!;

        // An older gateway's journal: one reading, layout 2 (its two indexes, user_version 2).
        var database = new JournalDatabase(path, "FULL");
        var reservation = new JournalSequenceReservation(path + ".seq");
        JournalOpener.Open(database, reservation, TimeProvider.System);
        using (var appender = new JournalAppender(database, reservation))
        {
            appender.Append([Reading()], [], JournalEntries.Start);
        }

        using (var connection = database.Open())
        {
            JournalDatabase.Execute(connection, "DROP INDEX entries_device_ts; " + Layout2Indexes + " PRAGMA user_version = 2;");
        }

        var opening = JournalOpener.Open(database, reservation, TimeProvider.System);

        using (var connection = database.Open())
        {
            Assert.Equal(3L, JournalDatabase.Scalar(connection, "PRAGMA user_version"));
            var indexes = new List<string>();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add(reader.GetString(0));
            }

            Assert.Equal(["entries_device_ts", "entries_forwarded", "entries_pending"], indexes);
        }

        Assert.Null(opening.ReplacedBecause);
        using var upgraded = new JournalAppender(database, reservation);
        var repeat = upgraded.Append([Reading()], [], JournalEntries.Start);
        Assert.Equal((0, 1), (repeat.Appended, repeat.Duplicates));
    }
}
