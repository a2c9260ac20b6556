namespace Edge.Gateway.Journal;

/// <summary>How the journal was opened at start: as it was, or replaced because it could not be used.</summary>
internal sealed record JournalOpening(string Path, string? ReplacedBecause, string? MovedAsideTo);

/// <summary>
/// Opens the journal at start. A corrupt, unreadable or foreign journal is moved aside (kept for inspection, never
/// deleted), reported, and replaced by a new one whose sequence starts above every id ever handed out, so that the
/// gateway keeps running.
/// </summary>
internal static class JournalOpener
{
    public static JournalOpening Open(JournalDatabase database, JournalSequenceReservation reservation, TimeProvider timeProvider)
    {
        try
        {
            database.CreateOrVerify(reservation.ReservedUpTo);
            return new JournalOpening(database.Path, null, null);
        }
        catch (JournalUnusableException e)
        {
            var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var aside = $"{database.Path}.unusable-{stamp}";
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                if (File.Exists(database.Path + suffix))
                {
                    File.Move(database.Path + suffix, aside + suffix, overwrite: true);
                }
            }

            database.CreateOrVerify(reservation.ReservedUpTo);
            return new JournalOpening(database.Path, e.Message, aside);
        }
    }
}
