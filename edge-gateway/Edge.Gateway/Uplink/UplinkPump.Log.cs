namespace Edge.Gateway.Uplink;

internal sealed partial class UplinkPump
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Cloud did not take the batch, trying again in {DelaySeconds:F1} s: {Reason}")]
    private partial void LogSendFailed(double delaySeconds, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Cloud refused {Count} readings for good, e.g. {Reason}; kept as dead letters")]
    private partial void LogRefused(int count, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "The cloud already holds {Count} of these ids for other readings (this journal was replaced?): renumbered {Renumbered} unforwarded entries above {JournalFloor} to send them again")]
    private partial void LogRenumbered(int count, long journalFloor, int renumbered);
}
