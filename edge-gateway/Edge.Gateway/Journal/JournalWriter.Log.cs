namespace Edge.Gateway.Journal;

internal sealed partial class JournalWriter
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Journal commit of {Count} messages failed; nothing was acknowledged, retrying")]
    private partial void LogCommitFailed(Exception exception, int count);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Dead letter from {Topic}: {Reason}")]
    private partial void LogDeadLetter(string topic, string reason);
}
