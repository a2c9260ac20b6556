using System.Globalization;

namespace Edge.Gateway.Journal;

/// <summary>
/// A small file beside the journal holding a sequence number no journal seq has passed. The writer moves it ahead in
/// large steps before it hands out seqs beyond it, so when a corrupt journal is replaced, the new one starts above
/// every id ever given out: the cloud never sees an id again for a different reading.
/// </summary>
internal sealed class JournalSequenceReservation(string path)
{
    public const long Step = 100_000;

    public string Path { get; } = path;

    /// <summary>The reserved floor: every seq handed out so far is at or below it.</summary>
    public long ReservedUpTo { get; private set; } = Read(path);

    /// <summary>Makes sure seqs up to <paramref name="seq"/> are covered, writing the file (durably) when they are not.</summary>
    public void Cover(long seq)
    {
        if (seq <= ReservedUpTo)
        {
            return;
        }

        var reserved = seq + Step;
        var temporary = Path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(reserved.ToString(CultureInfo.InvariantCulture)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
        ReservedUpTo = reserved;
    }

    private static long Read(string path) =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
