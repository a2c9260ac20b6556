using Edge.Gateway.Journal;

namespace Edge.Gateway.Tests.Journal;

/// <summary>A journal file in a fresh temporary folder, deleted afterwards.</summary>
internal sealed class TemporaryJournal : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-journal-");

    public TemporaryJournal()
    {
        Database = new JournalDatabase(Path.Combine(_directory.FullName, "journal.db"), "FULL");
        Database.EnsureCreated();
    }

    public JournalDatabase Database { get; }

    public void Dispose() => _directory.Delete(recursive: true);
}
