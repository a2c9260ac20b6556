namespace Edge.Gateway.Alarms;

internal sealed partial class SmsDispatcher
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Alarm SMS sent to {Phone} (reference {Reference})")]
    private partial void LogSent(string phone, string? reference);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Alarm SMS to {Phone} failed, trying again in {DelaySeconds:F0} s: {Reason}")]
    private partial void LogWillRetry(string phone, double delaySeconds, string? reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Alarm SMS to {Phone} given up after {Attempts} attempts: {Reason}")]
    private partial void LogGivenUp(string phone, int attempts, string? reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error, Message = "The SMS sender loop failed; continuing")]
    private partial void LogLoopFailed(Exception exception);
}
