namespace Edge.Cloud.Realtime;

internal sealed partial class LiveAlertFeed
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Error, Message = "Pushing alert changes to control rooms failed; they show on the next change or reconnect")]
    private partial void LogPushFailed(Exception exception);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Live alert queue full: the change of alert {AlertId} is not pushed (control rooms see it on reconnect)")]
    private partial void LogQueueFull(Guid alertId);
}
