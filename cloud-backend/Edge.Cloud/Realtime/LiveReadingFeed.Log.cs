namespace Edge.Cloud.Realtime;

internal sealed partial class LiveReadingFeed
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Live update could not be sent")]
    private partial void LogSendFailed(Exception exception);
}
