namespace Edge.Gateway.Status;

internal sealed partial class LocalBrokerPublisher
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Village broker unavailable for alerts and status, reconnecting in {DelaySeconds:F1} s: {Reason}")]
    private partial void LogUnavailable(double delaySeconds, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Could not say goodbye to the broker: {Reason}")]
    private partial void LogGoodbyeFailed(string reason);
}
