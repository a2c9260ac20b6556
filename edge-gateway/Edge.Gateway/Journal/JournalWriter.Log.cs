namespace Edge.Gateway.Journal;

internal sealed partial class JournalWriter
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Journal commit of {Count} messages failed; nothing was acknowledged, retrying")]
    private partial void LogCommitFailed(Exception exception, int count);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Dead letter from {Topic}: {Reason}")]
    private partial void LogDeadLetter(string topic, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Disk full while committing {Count} messages; made room by the quota's rules, retrying")]
    private partial void LogDiskFull(int count);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Journal evicted {Readings} unforwarded readings (recorded as {Gaps} gaps) and dropped {Alerts} expired alerts")]
    private partial void LogEvicted(int readings, int gaps, int alerts);
}
