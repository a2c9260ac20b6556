using Edge.Gateway.Journal;

namespace Edge.Gateway.Tests.Journal;

/// <summary>A journal file in a fresh temporary folder, deleted afterwards.</summary>
internal sealed class TemporaryJournal : IDisposable
{
    private readonly DirectoryInfo _directory = System.IO.Directory.CreateTempSubdirectory("edge-journal-");

    public TemporaryJournal()
    {
        Database = new JournalDatabase(Path.Combine(_directory.FullName, "journal.db"), "FULL");
        Reservation = new JournalSequenceReservation(Database.Path + ".seq");
        Opening = JournalOpener.Open(Database, Reservation, TimeProvider.System);
    }

    public JournalDatabase Database { get; }

    public JournalSequenceReservation Reservation { get; }

    public JournalOpening Opening { get; }

    public string Directory => _directory.FullName;

    public JournalAppender Appender() => new(Database, Reservation);

    public JournalMaintenance Maintenance() => new(Database, Reservation, "gw-test");

    public void Dispose() => _directory.Delete(recursive: true);
}
