namespace Edge.Cloud.Notifications;

internal sealed partial class OutboxDelivery
{
    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "Notification {MessageId} ({Channel}) of alert {AlertId} not delivered, attempt {Attempt}, now {Status}: {Error}")]
    private partial void LogNotDelivered(long messageId, string channel, Guid alertId, int attempt, string status, string error);
}
