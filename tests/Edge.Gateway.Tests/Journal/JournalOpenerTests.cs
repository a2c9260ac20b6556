using Edge.Gateway.Journal;

namespace Edge.Gateway.Tests.Journal;

public sealed class JournalOpenerTests : IDisposable
{
    private readonly TemporaryJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    [Fact]
    public void Open_CorruptFile_IsMovedAsideAndReplaced_SequenceContinuesAboveEveryIdGivenOut()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([.. Enumerable.Range(0, 10).Select(i => JournalEntries.Reading("a", i))], [], JournalEntries.Start);
        }

        File.WriteAllBytes(_journal.Database.Path, [.. Enumerable.Repeat((byte)0x5A, 8192)]);
        File.Delete(_journal.Database.Path + "-wal");

        var opening = JournalOpener.Open(_journal.Database, new JournalSequenceReservation(_journal.Database.Path + ".seq"), TimeProvider.System);
        using (var appender = new JournalAppender(_journal.Database, new JournalSequenceReservation(_journal.Database.Path + ".seq")))
        {
            appender.Append([JournalEntries.Reading("a", 100)], [], JournalEntries.Start);
        }

        Assert.NotNull(opening.ReplacedBecause);
        Assert.True(File.Exists(opening.MovedAsideTo));
        using var outbox = new JournalOutbox(_journal.Database);
        Assert.True(outbox.NextBatch(10).Single().Seq > 10);
    }

    [Fact]
    public void Open_HealthyFile_IsKept()
    {
        using (var appender = _journal.Appender())
        {
            appender.Append([JournalEntries.Reading("a", 0)], [], JournalEntries.Start);
        }

        var opening = JournalOpener.Open(_journal.Database, _journal.Reservation, TimeProvider.System);

        Assert.Null(opening.ReplacedBecause);
        Assert.Equal(1, JournalStatistics.Read(_journal.Database).PendingReadings);
    }

    [Fact]
    public void Open_NotADatabase_IsReplaced()
    {
        var path = Path.Combine(_journal.Directory, "other.db");
        File.WriteAllText(path, "this is not an SQLite file, it is a text file that happens to be here");

        var opening = JournalOpener.Open(new JournalDatabase(path, "FULL"), new JournalSequenceReservation(path + ".seq"), TimeProvider.System);

        Assert.Contains("SQLite error", opening.ReplacedBecause, StringComparison.Ordinal);
    }
}
