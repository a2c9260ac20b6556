namespace Edge.Gateway.Journal;

/// <summary>Log messages about the journal file itself.</summary>
internal static partial class JournalLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Critical, Message = "Journal {Path} could not be used ({Reason}); moved aside to {MovedTo} and replaced by a new one. Readings it held that were not forwarded are in the moved file.")]
    public static partial void Replaced(ILogger logger, string path, string reason, string movedTo);
}
